package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gorilla/websocket"
)

// helloTimeout bounds the wait for Socket Mode's hello.
const helloTimeout = 5 * time.Second

// CheckAppToken opens a Socket Mode connection with the app-level token
// (apps.connections.open, then the WebSocket), waits for Slack's hello and
// closes the connection at once, so it is gone before Slack would route an
// envelope to it. The connection URL is never shown: it holds a ticket.
func (s Slack) CheckAppToken(ctx context.Context) Result {
	var r struct {
		reply
		URL string `json:"url"`
	}
	if _, err := s.call(ctx, "apps.connections.open", s.AppToken, nil, &r); err != nil {
		return Result{Fail, "app token", "cannot reach Slack: " + err.Error()}
	}
	if !r.OK {
		return Result{Fail, "app token", fmt.Sprintf("Slack refused it (%s): check slack.app_token / SLACK_APP_TOKEN (Basic Information > App-Level Tokens, scope connections:write)", r.Error)}
	}
	dctx, cancel := context.WithTimeout(ctx, helloTimeout)
	defer cancel()
	conn, resp, err := websocket.DefaultDialer.DialContext(dctx, r.URL, nil)
	if err != nil {
		detail := "the Socket Mode WebSocket cannot be opened"
		if resp != nil {
			detail += ": " + resp.Status
		}
		return Result{Fail, "app token", detail + " (is outbound wss:// to Slack allowed from here?)"}
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(helloTimeout))
	var hello struct {
		Type string `json:"type"`
	}
	_, msg, err := conn.ReadMessage()
	if err == nil {
		err = json.Unmarshal(msg, &hello)
	}
	bye := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
	_ = conn.WriteControl(websocket.CloseMessage, bye, time.Now().Add(time.Second)) // closing anyway
	if err != nil || hello.Type != "hello" {
		return Result{Fail, "app token", "Socket Mode connection opened, but Slack sent no hello"}
	}
	return Result{OK, "app token", "Socket Mode connection opened and closed again"}
}
