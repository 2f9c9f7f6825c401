package bot

import (
	"bytes"
	"embed"
	"text/template"
)

//go:embed messages/*.md
var messageFS embed.FS

var messages = template.Must(template.New("").ParseFS(messageFS, "messages/*.md"))

// message renders the embedded template messages/name.md with data.
func message(name string, data any) string {
	var b bytes.Buffer
	if err := messages.ExecuteTemplate(&b, name+".md", data); err != nil {
		// Templates are embedded and covered by tests; reaching this is a bug.
		return "(message " + name + " is broken: " + err.Error() + ")"
	}
	return b.String()
}
