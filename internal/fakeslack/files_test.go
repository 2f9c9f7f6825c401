package fakeslack

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// chartBytes stands for a PNG: binary, with bytes a text round trip breaks.
var chartBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 255, 13, 10}, 5000)...)

func withFiles(s *Server) { s.SetScopes(append(DefaultScopes(), "files:write")...) }

func TestUploadFileV2EndToEnd(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	withFiles(s)
	api, ctx := newAPI(s), ctxT(t)
	sum, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(chartBytes), FileSize: len(chartBytes), Filename: "round-3.png",
		Title: "Round 3", Channel: program, InitialComment: "How round 3 went", AltTxt: "a bar chart",
	})
	if err != nil {
		t.Fatal(err)
	}
	f, ok := s.FileByID(sum.ID)
	if !ok || sum.Title != "Round 3" {
		t.Fatalf("upload returned %+v; file known: %v", sum, ok)
	}
	if !bytes.Equal(f.Data, chartBytes) || f.Name != "round-3.png" || f.Title != "Round 3" || f.Length != len(chartBytes) ||
		!f.Completed || !slices.Equal(f.Channels, []string{program}) || f.InitialComment != "How round 3 went" || f.AltText != "a bar chart" {
		t.Errorf("file = %+v (%d bytes)", f, len(f.Data))
	}
	msgs := s.Messages(program)
	if len(msgs) != 1 || !slices.Equal(msgs[0].Files, []string{sum.ID}) || msgs[0].Text != "How round 3 went" ||
		msgs[0].User != DefaultBotUserID || msgs[0].Via != "files.completeUploadExternal" {
		t.Errorf("messages = %+v, want the shared file", msgs)
	}
	var methods []string
	for _, c := range s.Calls() {
		methods = append(methods, c.Method)
	}
	if want := []string{"files.getUploadURLExternal", UploadURLMethod, "files.completeUploadExternal"}; !slices.Equal(methods, want) {
		t.Errorf("calls = %v, want %v", methods, want)
	}

	// A file not shared anywhere stays private.
	sum, err = api.UploadFileContext(ctx, slack.UploadFileParameters{Content: "a,b\n1,2\n", FileSize: 8, Filename: "round.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := s.FileByID(sum.ID); string(f.Data) != "a,b\n1,2\n" || f.Title != "round.csv" || len(f.Channels) != 0 {
		t.Errorf("private file = %+v", f)
	}
	if n := len(s.Files()); n != 2 {
		t.Errorf("%d files, want 2", n)
	}
}

func TestUploadNeedsFilesWriteAndAChannelTheBotIsIn(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	api, ctx := newAPI(s), ctxT(t)
	upload := func(channel string) error {
		_, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Reader: bytes.NewReader(chartBytes),
			FileSize: len(chartBytes), Filename: "c.png", Channel: channel})
		return err
	}
	// A workspace that installed a manifest without files:write.
	s.SetScopes(slices.DeleteFunc(DefaultScopes(), func(sc string) bool { return sc == "files:write" })...)
	var se slack.SlackErrorResponse
	if err := upload(program); !errors.As(err, &se) || se.Err != "missing_scope" || se.Needed != "files:write" {
		t.Errorf("upload without files:write: %v, want missing_scope files:write", err)
	}
	withFiles(s)
	s.AddChannelWithoutBot("C0OTHER001", "other", ana)
	for channel, want := range map[string]string{"C0OTHER001": "not_in_channel", "C0NOWHERE1": "channel_not_found"} {
		if err := upload(channel); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("upload to %s: %v, want %s", channel, err, want)
		}
	}
	if len(s.AllMessages()) != 0 {
		t.Errorf("a refused upload was shared: %+v", s.AllMessages())
	}

	// The edge fails once: slack-go reports it, and the next upload works.
	s.FailHTTP(UploadURLMethod, 1, http.StatusServiceUnavailable)
	var sc slack.StatusCodeError
	if err := upload(program); !errors.As(err, &sc) || sc.Code != 503 {
		t.Errorf("upload through a failing edge: %v", err)
	}
	if err := upload(program); err != nil {
		t.Errorf("upload after the failure: %v", err)
	}

	// Completing a file whose bytes never arrived, and starting one without a length.
	start, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "x.png", FileSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
		Files: []slack.FileSummary{{ID: start.FileID}}, Channel: program}); err == nil || err.Error() != "file_not_found" {
		t.Errorf("complete before the bytes: %v, want file_not_found", err)
	}
	resp, err := http.PostForm(s.APIURL()+"files.getUploadURLExternal", url.Values{"token": {s.BotToken()}, "filename": {"x.png"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := new(bytes.Buffer)
	_, _ = body.ReadFrom(resp.Body)
	if !strings.Contains(body.String(), `"missing_argument"`) {
		t.Errorf("no length: %s", body)
	}
	post, err := http.Post(s.URL()+"/upload/v1/F0NOWHERE1", "application/octet-stream", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	if post.StatusCode != http.StatusNotFound {
		t.Errorf("upload to an unknown file: HTTP %d", post.StatusCode)
	}
}
