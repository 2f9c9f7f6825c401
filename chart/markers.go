package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
)

// Markers decodes a PNG drawn by PNG and counts the markers of series s,
// one per round it shows: the regions of at least a few pixels of exactly
// that series' color. It is how a check (or a test) can tell what an image
// shows without trusting the code that drew it.
func Markers(data []byte, s Series) (int, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return 0, fmt.Errorf("chart: markers: %w", err)
	}
	return countBlobs(img, s.Color), nil
}

func countBlobs(img image.Image, want interface{ RGBA() (r, g, b, a uint32) }) int {
	b := img.Bounds()
	wr, wg, wb, _ := want.RGBA()
	match := func(x, y int) bool {
		r, g, bl, _ := img.At(x, y).RGBA()
		return r>>8 == wr>>8 && g>>8 == wg>>8 && bl>>8 == wb>>8
	}
	seen := make([]bool, b.Dx()*b.Dy())
	idx := func(x, y int) int { return (y-b.Min.Y)*b.Dx() + (x - b.Min.X) }
	blobs := 0
	var stack [][2]int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if seen[idx(x, y)] || !match(x, y) {
				continue
			}
			size := 0
			stack = append(stack[:0], [2]int{x, y})
			seen[idx(x, y)] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				size++
				for _, d := range [][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
					nx, ny := p[0]+d[0], p[1]+d[1]
					if nx < b.Min.X || ny < b.Min.Y || nx >= b.Max.X || ny >= b.Max.Y || seen[idx(nx, ny)] || !match(nx, ny) {
						continue
					}
					seen[idx(nx, ny)] = true
					stack = append(stack, [2]int{nx, ny})
				}
			}
			if size >= 9 {
				blobs++
			}
		}
	}
	return blobs
}
