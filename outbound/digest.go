package outbound

// The monthly digest to admins, and the trends chart's upload.

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/tandem-dev/tandem"
	"github.com/tandem-dev/tandem/chart"
	"github.com/tandem-dev/tandem/insight"
	"github.com/tandem-dev/tandem/render"
)

// Digests computes a program's digest (insight.Service does).
type Digests interface {
	Digest(ctx context.Context, channel tandem.ChannelID) (insight.Digest, error)
}

// sendDigest DMs an admin a program's digest, in the admin's language: the
// report, the skills view and the trends table. The chart travels as its
// own outbox message.
func (s *Sender) sendDigest(ctx context.Context, it tandem.OutboxItem) error {
	if s.digests == nil {
		return s.store.MarkFailed(ctx, it, "digests are not configured")
	}
	d, err := s.digests.Digest(ctx, it.Program)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return s.store.MarkFailed(ctx, it, "the program no longer exists")
	} else if err != nil {
		return err
	}
	dm, err := s.OpenDM(ctx, []tandem.UserID{it.User})
	if err != nil {
		return err
	}
	v := s.viewsFor(ctx, it.User)
	label := insight.Label(d.Report.Program)
	if d.Report.Program.Name == "" {
		label = v.T("insight.unnamed")
	}
	msgs := []render.Reply{
		{Text: v.T("digest.fallback", "Program", label), Blocks: []slack.Block{render.Section(v.T("digest.head", "Program", render.Esc(label)))}},
		v.Report(d.Report),
		v.Skills(d.Skills),
		v.Trends(d.Trends),
	}
	for _, m := range msgs {
		if _, _, err := s.post(ctx, dm, m.MsgOptions()...); err != nil {
			return fmt.Errorf("chat.postMessage digest: %w", err)
		}
	}
	s.log.Info("digest sent", "program", it.Program, "user", it.User)
	return s.sent(ctx, it, "")
}

// sendDigestChart uploads a program's trends chart to an admin's DM; a
// program without rounds has no chart to send.
func (s *Sender) sendDigestChart(ctx context.Context, it tandem.OutboxItem) error {
	if s.digests == nil {
		return s.store.MarkFailed(ctx, it, "digests are not configured")
	}
	d, err := s.digests.Digest(ctx, it.Program)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return s.store.MarkFailed(ctx, it, "the program no longer exists")
	} else if err != nil {
		return err
	}
	// SendChart also answers an admin's `report trends` on any replica; the
	// outbox's chart goes only from the leader.
	if err := s.fence(ctx); err != nil {
		return fmt.Errorf("%w: %w", errFenced, err)
	}
	if err := s.SendChart(ctx, it.User, d.Trends); err != nil && !errors.Is(err, chart.ErrNoRounds) {
		return err
	}
	return s.sent(ctx, it, "")
}

// SendChart draws the trends chart of t, in user's language, and uploads
// it to user's DM with
// Slack's two-step upload (files.getUploadURLExternal, the bytes,
// files.completeUploadExternal). The file is named after the program's
// name and the date, never an ID. It returns chart.ErrNoRounds, uploading
// nothing, when the program has no rounds.
func (s *Sender) SendChart(ctx context.Context, user tandem.UserID, t insight.Trends) error {
	v := s.viewsFor(ctx, user)
	name, title := v.ChartFile(t, s.now().In(t.Program.Location()))
	data, err := chart.PNG(t, chartLabels(v, title))
	if err != nil {
		return err
	}
	dm, err := s.OpenDM(ctx, []tandem.UserID{user})
	if err != nil {
		return err
	}
	_, err = s.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: name,
		Title:    title,
		FileSize: len(data),
		Reader:   bytes.NewReader(data),
		Channel:  string(dm),
		AltTxt:   v.T("chart.alt", "Title", title),
	})
	if err != nil {
		return fmt.Errorf("upload chart: %w", err)
	}
	s.log.Info("chart uploaded", "program", t.Program.Channel, "rounds", len(t.Rounds), "bytes", len(data))
	return nil
}

// chartLabels are the words of the trends chart in v's language.
func chartLabels(v render.Renderer, title string) chart.Labels {
	return chart.Labels{Title: title, Count: v.T("chart.count"), Percent: v.T("chart.percent"), Round: v.T("chart.round"),
		Series: []string{v.T("chart.participants"), v.T("chart.groups"), v.T("chart.answers"), v.T("chart.topics"),
			v.T("chart.votes"), v.T("chart.met"), v.T("chart.right")}}
}
