// Package docs embeds the Slack app manifest, so that `tandem check`
// compares the bot token's scopes with the very file an admin pastes into
// Slack to create the app.
package docs

import _ "embed"

// SlackAppManifest is slack-app-manifest.yaml.
//
//go:embed slack-app-manifest.yaml
var SlackAppManifest []byte
