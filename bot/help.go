package bot

// `help`, an empty command and an unknown one: the commands, from the
// embedded templates in messages/.

import (
	"context"
	"fmt"

	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

func (b *Bot) help(ctx context.Context, req request, cmd command.Command) render.Reply {
	data := struct{ Cmd string }{b.slash()}
	md := message("help", data)
	if admin, err := b.dir.IsAdmin(ctx, req.user); err == nil && admin {
		md += "\n" + message("help_admin", data)
	}
	if cmd.Unknown != "" {
		md = fmt.Sprintf(":thinking_face: I don't know `%s`. Here is what I can do:\n\n", render.Esc(cmd.Unknown)) + md
	}
	return render.Text(md)
}
