// Package fakeslack is a fake Slack workspace for end-to-end tests. It serves
// Socket Mode and the Web API methods tandem calls over real HTTP and
// WebSocket, so the real slack-go client runs against it unchanged.
//
// The fake is strict where Slack is strict: it refuses unknown tokens, expired
// or reused trigger IDs and Block Kit that Slack would refuse, and it records
// every call, message, ack and violation so that tests can assert what a user
// would see. A Server is safe for use by many goroutines.
//
// What it covers:
//
//   - Socket Mode: hello, PINGs, single-use tickets, disconnect messages and
//     abrupt drops. Up to Slack's 10 connections at once, one per replica:
//     envelopes go round-robin to the live ones (Connections, WaitConnections,
//     Deliveries), an envelope whose connection closes before its ack is
//     delivered again on another with retry_attempt+1 (Send), and one or all
//     connections can be disconnected or dropped (DisconnectConn, DropConn,
//     DisconnectAll, DropAll).
//   - Envelopes a user causes: slash commands, block_actions, block_suggestion
//     with the options of the ack checked against Slack's limits
//     (BlockSuggestion), view_submission with state for every input type and
//     the ack's response_action applied (ViewSubmission), view_closed
//     (ViewClosed), and events: app_home_opened, member_joined_channel and
//     member_left_channel, which also change the channel's members
//     (MemberJoined, MemberLeft), or any event (EventCallback).
//   - Web API: auth.test, users.info and users.list (time zones, locales,
//     bots), conversations.open, .info and .members (a bot that is not a
//     member: AddChannelWithoutBot), chat.postMessage, .postEphemeral,
//     .update, .delete and .scheduleMessage, views.open, .publish and .update,
//     response_url posts, and the two-step file upload
//     (files.getUploadURLExternal, the upload_url, files.completeUploadExternal;
//     Files).
//   - Scopes: every answer carries X-OAuth-Scopes; the bot token has the
//     manifest's scopes (DefaultScopes) unless WithScopes or SetScopes say
//     otherwise, and a method without its scope answers missing_scope.
//   - Faults per method, response_url and upload_url included: rate limits,
//     API errors, HTTP 5xx and latency (RateLimit, FailNext, FailHTTP,
//     SetLatency).
package fakeslack
