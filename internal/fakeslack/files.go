package fakeslack

import (
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// UploadURLMethod is the method name under which the POSTs of file bytes to
// an upload_url are recorded in Calls and can be given faults and latency.
const UploadURLMethod = "upload_url"

const maxAltText = 1000

// File is a file the bot uploaded with Slack's two-step upload:
// files.getUploadURLExternal, a POST of the bytes to the upload_url, then
// files.completeUploadExternal, which shares it.
type File struct {
	ID             string
	Name           string // the filename given to files.getUploadURLExternal
	Title          string // from files.completeUploadExternal; "" when none
	AltText        string
	SnippetType    string
	Length         int      // the length declared to files.getUploadURLExternal
	Data           []byte   // the bytes posted to the upload_url; nil before
	Completed      bool     // files.completeUploadExternal accepted it
	Channels       []string // where it was shared; none for a private file
	InitialComment string
	ThreadTS       string
}

// fileState holds uploads; it is guarded by Server.mu.
type fileState struct {
	files map[string]*File
	order []string
}

// Files returns every file the bot started to upload, in order.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]File, 0, len(s.fs.order))
	for _, id := range s.fs.order {
		out = append(out, s.fs.files[id].clone())
	}
	return out
}

// FileByID returns one uploaded file.
func (s *Server) FileByID(id string) (File, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.fs.files[id]
	if !ok {
		return File{}, false
	}
	return f.clone(), true
}

func (f *File) clone() File {
	c := *f
	c.Data, c.Channels = slices.Clone(f.Data), slices.Clone(f.Channels)
	return c
}

// filesGetUploadURLExternalLocked starts an upload: filename and a positive
// length are required, as in Slack.
func (s *Server) filesGetUploadURLExternalLocked(r *apiRequest) reply {
	length, err := strconv.Atoi(r.str("length"))
	switch {
	case r.str("filename") == "" || err != nil || length <= 0:
		return errReply("missing_argument")
	case utf8.RuneCountInString(r.str("alt_txt")) > maxAltText:
		return errReply("alt_txt_too_large")
	}
	if s.fs.files == nil {
		s.fs.files = map[string]*File{}
	}
	f := &File{ID: s.idLocked("F"), Name: r.str("filename"), Length: length,
		AltText: r.str("alt_txt"), SnippetType: r.str("snippet_type")}
	s.fs.files[f.ID] = f
	s.fs.order = append(s.fs.order, f.ID)
	s.notifyLocked()
	return okReply(reply{"upload_url": s.URL() + "/upload/v1/" + f.ID, "file_id": f.ID})
}

// serveUpload takes the bytes of a file, either as slack-go sends them (a
// multipart form with a "file" part) or as a raw body, and answers as Slack's
// upload edge does: 200 and "OK - <bytes>".
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/v1/")
	call := Call{Method: UploadURLMethod, At: time.Now(), Status: http.StatusOK}
	data, err := readUpload(r)
	s.delay(r, UploadURLMethod)

	s.mu.Lock()
	if f := s.takeFaultLocked(UploadURLMethod); f != nil {
		call.Status, call.Error = f.status, f.slackErr
		s.recordCallLocked(call)
		s.mu.Unlock()
		writeFault(w, f)
		return
	}
	f, ok := s.fs.files[id]
	switch {
	case r.Method != http.MethodPost:
		call.Status = http.StatusMethodNotAllowed
	case !ok || f.Completed:
		call.Status = http.StatusNotFound
	case err != nil:
		call.Status = http.StatusBadRequest
	default:
		f.Data = data
		s.notifyLocked()
	}
	s.recordCallLocked(call)
	s.mu.Unlock()
	if call.Status != http.StatusOK {
		http.Error(w, http.StatusText(call.Status), call.Status)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(data)))
}

func readUpload(r *http.Request) ([]byte, error) {
	const limit = 1 << 30
	ctype, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype != "multipart/form-data" {
		return io.ReadAll(io.LimitReader(r.Body, limit))
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, err // io.EOF: a form without a file
		}
		if part.FormName() == "file" {
			return io.ReadAll(io.LimitReader(part, limit))
		}
	}
}

// filesCompleteUploadExternalLocked finishes uploads and shares the files in
// channel_id or channels, posting one message with the initial comment (or
// blocks). The bot must be a member of each channel, as Slack requires for
// files whatever chat:write.public allows.
func (s *Server) filesCompleteUploadExternalLocked(r *apiRequest) reply {
	var list []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal(r.rawJSON("files"), &list); err != nil || len(list) == 0 {
		return errReply("invalid_arguments")
	}
	for _, item := range list {
		if f, ok := s.fs.files[item.ID]; !ok || f.Data == nil || f.Completed {
			return errReply("file_not_found")
		}
	}
	targets := splitList(r.str("channels"))
	if id := r.str("channel_id"); id != "" {
		targets = addUnique([]string{id}, targets...)
	}
	var chans []*channel
	for _, id := range targets {
		c, ok := s.postTargetLocked(id)
		switch {
		case !ok:
			return errReply("channel_not_found")
		case !c.hasMember(s.cfg.botUserID):
			return errReply("not_in_channel")
		}
		chans = append(chans, c)
	}
	comment, blocks := r.str("initial_comment"), r.rawJSON("blocks")
	if comment != "" {
		blocks = nil // Slack ignores blocks when there is an initial comment
	}
	if comment != "" || blocks != nil {
		if err := validateMessage(comment, blocks, true); err != nil {
			s.violationLocked("files.completeUploadExternal", err)
			return blockErrReply(err)
		}
	}
	ids := make([]string, 0, len(list))
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		f := s.fs.files[item.ID]
		f.Title, f.Completed, f.InitialComment, f.ThreadTS = item.Title, true, comment, r.str("thread_ts")
		if f.Title == "" {
			f.Title = f.Name
		}
		for _, c := range chans {
			f.Channels = append(f.Channels, c.id)
		}
		ids = append(ids, f.ID)
		out = append(out, map[string]any{"id": f.ID, "title": f.Title})
	}
	for _, c := range chans {
		s.addMessageLocked(&Message{Channel: c.id, TS: s.tsLocked(), ThreadTS: r.str("thread_ts"), User: s.cfg.botUserID,
			Text: comment, Blocks: s.storedBlocksLocked(blocks), Files: slices.Clone(ids), Via: "files.completeUploadExternal"})
	}
	s.notifyLocked()
	return okReply(reply{"files": out})
}
