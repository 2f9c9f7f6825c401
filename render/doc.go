// Package render is the one place that decides what text becomes in Slack:
// Block Kit building blocks kept inside Slack's limits, and the escaping of
// everything a person typed, so that it is shown as typed and can never
// ping a channel, mention someone or forge a link.
//
// It does no I/O. The bot's replies, the outbox sender's messages, the App
// Home and the modals are all built from these pieces.
package render
