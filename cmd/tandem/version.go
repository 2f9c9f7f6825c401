package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// buildTime may be set at build time with -ldflags "-X main.buildTime=…";
// otherwise the time of the commit built stands in for it.
var buildTime = ""

// versionCommand is `tandem version`: what was built, from which commit,
// when and with which Go, read from the binary's own build info.
func versionCommand(stdout io.Writer) {
	bi, _ := debug.ReadBuildInfo() // nil when built without module support: fields stay "unknown"
	fmt.Fprint(stdout, versionText(bi))
}

// versionText renders the build info; bi may be nil.
func versionText(bi *debug.BuildInfo) string {
	v := version
	settings := map[string]string{}
	if bi != nil {
		if v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
	}
	rev := cmpOr(settings["vcs.revision"], "unknown")
	if settings["vcs.modified"] == "true" {
		rev += " (modified)"
	}
	built := buildTime
	if built == "" {
		built = cmpOr(settings["vcs.time"], "unknown")
		if settings["vcs.time"] != "" {
			built += " (commit time)"
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "tandem %s\n", v)
	fmt.Fprintf(&b, "revision  %s\n", rev)
	fmt.Fprintf(&b, "built     %s\n", built)
	fmt.Fprintf(&b, "go        %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return b.String()
}

func cmpOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
