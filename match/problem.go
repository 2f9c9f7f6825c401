package match

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/tandem-dev/tandem"
)

// problem is an Input in the compact form the algorithms work on. People
// are numbered 0..n-1 in a seeded order: sorted by ID, then shuffled with
// the seed, so that ties between equal groupings fall by the seed and never
// by the caller's order.
type problem struct {
	n    int
	in   *Input
	src  []int           // internal index -> index in in.People
	ids  []tandem.UserID // internal index -> ID
	ps   []person
	skl  []string  // skill id -> name
	avd  [][]int32 // sorted people each one may not be grouped with (both ways)
	hist [][]repeat
	// histSig has bit j%64 set for every j in hist[i], so that most pairs
	// without a repeat are told apart without scanning hist[i].
	histSig []uint64
	// bigM scales repeat units (repeat points / repeatUnit) so that they
	// rank before the rest of the score: it exceeds the largest possible
	// difference of the rest summed over all pairs inside groups (at most 4
	// per person, as groups hold at most 8 plus one odd person). Every
	// objective weight fits an int32 (see MaxPeople).
	bigM  int64
	dense []int32 // n*n objective weights, or nil to compute on demand
	// Columns of ps for the scoring loop, which reads these packed arrays
	// rather than whole records.
	colTeach, colLearn   []uint64
	colTeachH, colLearnH []uint64
	colOffice            []int32
	colZone              []int32
	colMode              []mode
	// zonePts[a*zones+b] holds hoursPoints between zones a and b, or is
	// nil when there are more than maxZones.
	zonePts []int64
	zones   int
	// colPlace is each person's place (office, mode and zone: all that
	// the meeting and hours points read), where there are at most
	// maxPlaces places, else nil; places holds a person of each.
	colPlace []uint8
	places   []person
}

// maxPlaces bounds the places the scoring loop tabulates for each row: a
// place is a byte, and a row's table an array the loop indexes unchecked.
const maxPlaces = 256

type mode uint8

const (
	modeAny mode = iota
	modeOnsite
	modeRemote
)

// person is the compact form of a Person.
type person struct {
	teach, learn []int32 // sorted skill ids
	// The 64 most common skills of the round each have a bit of their own
	// in the masks, so that most skill comparisons are one AND; the others,
	// kept in teachRare and learnRare, are hashed by id into the second
	// masks, so that two lists of rare skills are compared one by one only
	// when the hashes say they may share one.
	teachMask, learnMask uint64
	teachHash, learnHash uint64
	teachRare, learnRare []int32
	office               int32 // -1 when unknown
	offset               int32
	zone                 int32 // index of offset among the round's offsets, -1 if unknown
	mode                 mode
	knownTZ              bool
}

// repeat says that a pair shared a group within the repeat window.
type repeat struct {
	other     int32
	points    int32 // RepeatMetPoints or RepeatUnmetPoints; 0 for none
	roundsAgo int32
	met       bool
}

// ineligible marks a pair that may not be grouped in the dense matrix.
const ineligible = math.MinInt32

// repeatUnit divides every repeat cost (RepeatMetPoints, RepeatUnmetPoints
// are multiples of it), so that the objective counts repeats in units and
// bigM stays small enough for int32 weights.
const repeatUnit = 10

// denseLimit is the largest n for which weights are kept in an n×n matrix
// (18 MB at the limit); above it they are computed when needed.
const denseLimit = 1500

// newProblem validates in and returns its compact form.
func newProblem(in *Input) (*problem, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	return buildProblem(in), nil
}

// buildProblem returns the compact form of in, which need not be valid.
func buildProblem(in *Input) *problem {
	n := len(in.People)
	pr := &problem{n: n, in: in}
	pr.src = make([]int, n)
	for i := range pr.src {
		pr.src[i] = i
	}
	slices.SortStableFunc(pr.src, func(a, b int) int { return cmp.Compare(in.People[a].ID, in.People[b].ID) })
	shuffle(newRNG(in.Seed, streamOrder), pr.src)

	index := make(map[tandem.UserID]int32, n)
	pr.ids = make([]tandem.UserID, n)
	for i, s := range pr.src {
		pr.ids[i] = in.People[s].ID
		index[in.People[s].ID] = int32(i)
	}

	// Skills get ids in name order, so that the first TeachCap shared
	// skills of a pair are the first in the alphabet.
	norm := func(list []string) []string {
		out := make([]string, 0, len(list))
		for _, s := range list {
			if s = tandem.NormalizeSkill(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	teach, learn := make([][]string, n), make([][]string, n)
	names := map[string]int32{}
	for i, s := range pr.src {
		teach[i], learn[i] = norm(in.People[s].Teach), norm(in.People[s].Learn)
		for _, k := range teach[i] {
			names[k] = 0
		}
		for _, k := range learn[i] {
			names[k] = 0
		}
	}
	pr.skl = make([]string, 0, len(names))
	for k := range names {
		pr.skl = append(pr.skl, k)
	}
	slices.Sort(pr.skl)
	for id, k := range pr.skl {
		names[k] = int32(id)
	}
	ids := func(list []string) []int32 {
		out := make([]int32, len(list))
		for i, k := range list {
			out[i] = names[k]
		}
		slices.Sort(out)
		return slices.Compact(out)
	}

	// Give the commonest skills a bit each.
	count := make([]int, len(pr.skl))
	for i := range teach {
		for _, k := range teach[i] {
			count[names[k]]++
		}
		for _, k := range learn[i] {
			count[names[k]]++
		}
	}
	byCount := make([]int32, len(pr.skl))
	for i := range byCount {
		byCount[i] = int32(i)
	}
	slices.SortStableFunc(byCount, func(a, b int32) int { return cmp.Compare(count[b], count[a]) })
	bit := make([]uint64, len(pr.skl))
	for rank, id := range byCount {
		if rank < 64 {
			bit[id] = 1 << rank
		}
	}
	mask := func(list []int32) (uint64, uint64, []int32) {
		var m, h uint64
		var rare []int32
		for _, id := range list {
			if bit[id] != 0 {
				m |= bit[id]
			} else {
				h |= 1 << (uint32(id) * 0x9E3779B1 >> 26)
				rare = append(rare, id)
			}
		}
		return m, h, rare
	}

	offices := map[string]int32{}
	pr.ps = make([]person, n)
	for i, s := range pr.src {
		p := &in.People[s]
		c := person{teach: ids(teach[i]), learn: ids(learn[i]), office: -1, offset: int32(p.UTCOffset), zone: -1, knownTZ: p.KnownTZ}
		c.teachMask, c.teachHash, c.teachRare = mask(c.teach)
		c.learnMask, c.learnHash, c.learnRare = mask(c.learn)
		switch p.Mode {
		case tandem.ModeOnsite:
			c.mode = modeOnsite
		case tandem.ModeRemote:
			c.mode = modeRemote
		}
		if key := strings.ToLower(strings.TrimSpace(p.Location)); key != "" {
			id, ok := offices[key]
			if !ok {
				id = int32(len(offices))
				offices[key] = id
			}
			c.office = id
		}
		pr.ps[i] = c
	}
	pr.buildZones()

	pr.avd = make([][]int32, n)
	for i, s := range pr.src {
		for _, other := range in.People[s].Avoid {
			if j, ok := index[other]; ok && j != int32(i) {
				pr.avd[i] = append(pr.avd[i], j)
				pr.avd[j] = append(pr.avd[j], int32(i))
			}
		}
	}
	for i := range pr.avd {
		slices.Sort(pr.avd[i])
		pr.avd[i] = slices.Compact(pr.avd[i])
	}

	pr.buildHistory(index)
	pr.bigM = (maxBase-minBase)*(4*int64(n)+1) + 1
	pr.colTeach, pr.colLearn = make([]uint64, n), make([]uint64, n)
	pr.colTeachH, pr.colLearnH = make([]uint64, n), make([]uint64, n)
	pr.colOffice, pr.colZone, pr.colMode = make([]int32, n), make([]int32, n), make([]mode, n)
	for i := range pr.ps {
		p := &pr.ps[i]
		pr.colTeach[i], pr.colLearn[i] = p.teachMask, p.learnMask
		pr.colTeachH[i], pr.colLearnH[i] = p.teachHash, p.learnHash
		pr.colOffice[i], pr.colZone[i], pr.colMode[i] = p.office, p.zone, p.mode
	}
	pr.buildPlaces()
	return pr
}

// buildPlaces gives each person a place, if there are few: the office
// (or none), mode and zone (or none), which with a row's own fix the
// meeting and hours points of a pair, so that the scoring loop reads them
// from a table of the row's places instead of working them out per pair.
func (pr *problem) buildPlaces() {
	if pr.zonePts == nil {
		return // hours by offset: too many zones to tabulate
	}
	offices := int32(0)
	for i := range pr.ps {
		offices = max(offices, pr.ps[i].office+1)
	}
	zs := int32(pr.zones)
	if n := int(offices+1) * 3 * int(zs+1); n > maxPlaces {
		return
	}
	id := func(p *person) int32 { return ((p.office+1)*3+int32(p.mode))*(zs+1) + p.zone + 1 }
	pr.places = make([]person, int(offices+1)*3*int(zs+1))
	for o := int32(-1); o < offices; o++ {
		for m := range mode(3) {
			for z := int32(-1); z < zs; z++ {
				p := person{office: o, mode: m, zone: z}
				pr.places[id(&p)] = p
			}
		}
	}
	pr.colPlace = make([]uint8, len(pr.ps))
	for i := range pr.ps {
		pr.colPlace[i] = uint8(id(&pr.ps[i]))
	}
}

// maxZones bounds the table of working-hours points between zones.
const maxZones = 256

// buildZones tabulates the working-hours points between the round's
// distinct UTC offsets, unless there are too many of them.
func (pr *problem) buildZones() {
	var offsets []int32
	zone := map[int32]int32{}
	for i := range pr.ps {
		p := &pr.ps[i]
		if !p.knownTZ {
			continue
		}
		z, ok := zone[p.offset]
		if !ok {
			z = int32(len(offsets))
			zone[p.offset] = z
			offsets = append(offsets, p.offset)
		}
		p.zone = z
	}
	if len(offsets) > maxZones {
		return
	}
	t := len(offsets)
	pr.zonePts = make([]int64, t*t)
	for a, oa := range offsets {
		for b, ob := range offsets {
			pr.zonePts[a*t+b] = hoursPoints(int(oa), int(ob))
		}
	}
	pr.zones = t
}

// avoids reports whether i and j may not be grouped.
func (pr *problem) avoids(i, j int32) bool {
	for _, k := range pr.avd[i] {
		if k >= j {
			return k == j
		}
	}
	return false
}

// rowFrom sets out[y], for every position y >= from of vs, to the weight
// of the pair (i, vs[y]), or ineligible. It scores each pair (baseRow) and
// then applies i's history and avoid lists, which are short, rather than
// looking every pair up in them. pos maps a person to their position in
// vs, or -1.
func (pr *problem) rowFrom(i int32, vs, pos []int32, from int, out []int32) {
	pr.rowRange(i, vs, pos, from, len(vs), out)
}

// rowRange is rowFrom for the positions from <= y < to only.
func (pr *problem) rowRange(i int32, vs, pos []int32, from, to int, out []int32) {
	pr.baseRow(i, vs[:to], from, out)
	for _, r := range pr.hist[i] {
		if y := int(pos[r.other]); y >= from && y < to && out[y] != ineligible {
			out[y] += r.units() * int32(pr.bigM)
		}
	}
	for _, j := range pr.avd[i] {
		if y := int(pos[j]); y >= from && y < to {
			out[y] = ineligible
		}
	}
}

// rowScorer scores one person against a list of others, for rows that are
// not a range of a fixed list: it finds the list's people in i's history
// and avoid lists through marks of its own.
type rowScorer struct {
	at   []int32 // problem index -> index in the list, valid where marked
	mark []int32
	now  int32
}

func newRowScorer(n int) *rowScorer {
	return &rowScorer{at: make([]int32, n), mark: make([]int32, n)}
}

// score returns the weights of i with each of js (problem indices), or
// ineligible, in ws (reused if large enough).
func (sc *rowScorer) score(pr *problem, i int32, js, ws []int32) []int32 {
	if cap(ws) < len(js) {
		ws = make([]int32, len(js), 2*len(js))
	}
	ws = ws[:len(js)]
	if len(js) == 0 {
		return ws
	}
	pr.baseRow(i, js, 0, ws)
	sc.now++
	for r, j := range js {
		sc.at[j], sc.mark[j] = int32(r), sc.now
	}
	for _, h := range pr.hist[i] {
		if sc.mark[h.other] == sc.now {
			if r := sc.at[h.other]; ws[r] != ineligible {
				ws[r] += h.units() * int32(pr.bigM)
			}
		}
	}
	for _, j := range pr.avd[i] {
		if sc.mark[j] == sc.now {
			ws[sc.at[j]] = ineligible
		}
	}
	return ws
}

// baseRow sets out[y] to base(i, vs[y]) for every y >= from (ineligible
// for i itself). It is the scoring loop of large rounds: the same terms as
// base, read from the packed columns, with meeting and hours points from
// small tables.
func (pr *problem) baseRow(i int32, vs []int32, from int, out []int32) {
	if pr.colPlace != nil {
		pr.baseRowByPlace(i, vs, from, out)
		return
	}
	a := &pr.ps[i]
	ta, la, tah, lah := a.teachMask, a.learnMask, a.teachHash, a.learnHash
	oa, za := a.office, a.zone
	// meet[k] is the meeting points for j's mode k, with the same office
	// (meetSame) or not.
	var meetSame, meetOther [3]int32
	for k := range mode(3) {
		b := person{mode: k, office: oa}
		meetSame[k] = meetingPoints(meetingOf(a, &b))
		b.office = -1
		if oa >= 0 {
			b.office = oa + 1 // any other known office
		}
		meetOther[k] = meetingPoints(meetingOf(a, &b))
	}
	var meetUnknown [3]int32 // j's office unknown
	for k := range mode(3) {
		b := person{mode: k, office: -1}
		meetUnknown[k] = meetingPoints(meetingOf(a, &b))
	}
	var zrow []int64
	if za >= 0 && pr.zonePts != nil {
		zrow = pr.zonePts[int(za)*pr.zones : int(za+1)*pr.zones]
	}
	teach, learn, office, zone, md := pr.colTeach, pr.colLearn, pr.colOffice, pr.colZone, pr.colMode
	teachH, learnH := pr.colTeachH, pr.colLearnH
	// Without rare skills of its own, i shares none with anyone: the rare
	// hashes of the others need not be read.
	rare := tah|lah != 0
	for y := from; y < len(vs); y++ {
		j := vs[y]
		if j == i {
			out[y] = ineligible
			continue
		}
		x1, x2 := ta&learn[j], teach[j]&la
		ab, ba := bits.OnesCount64(x1), bits.OnesCount64(x2)
		if rare && tah&learnH[j]|teachH[j]&lah != 0 {
			b := &pr.ps[j]
			ab = shared(ta, b.learnMask, tah, b.learnHash, a.teachRare, b.learnRare)
			ba = shared(b.teachMask, la, b.teachHash, lah, b.teachRare, a.learnRare)
		}
		ab, ba = min(ab, TeachCap), min(ba, TeachCap)
		s := int32(TeachPoints*(ab+ba)) + exchange[(min(ab, 1)<<1|min(ba, 1))&3]
		switch ob := office[j]; {
		case ob < 0:
			s += meetUnknown[md[j]]
		case ob == oa:
			s += meetSame[md[j]]
		default:
			s += meetOther[md[j]]
		}
		if zb := zone[j]; za >= 0 && zb >= 0 {
			if zrow != nil {
				s += int32(zrow[zb])
			} else {
				s += int32(hoursPoints(int(a.offset), int(pr.ps[j].offset)))
			}
		}
		out[y] = s
	}
}

// baseRowByPlace is baseRow where people have places (buildPlaces): the
// meeting and hours points of i with each place are worked out once per
// row. The skill terms are baseRow's, written out again: as a function
// (too large for Go to inline) they made this loop a fifth slower
// (TestBaseRowEqualsBase holds the two loops to base).
func (pr *problem) baseRowByPlace(i int32, vs []int32, from int, out []int32) {
	a := &pr.ps[i]
	var pts [maxPlaces]int32
	for p := range pr.places {
		b := &pr.places[p]
		v := meetingPoints(meetingOf(a, b))
		if a.zone >= 0 && b.zone >= 0 {
			v += int32(pr.zonePts[int(a.zone)*pr.zones+int(b.zone)])
		}
		pts[p] = v
	}
	ta, la, tah, lah := a.teachMask, a.learnMask, a.teachHash, a.learnHash
	teach, learn, place := pr.colTeach, pr.colLearn, pr.colPlace
	teachH, learnH := pr.colTeachH, pr.colLearnH
	rare := tah|lah != 0
	for y := from; y < len(vs); y++ {
		j := vs[y]
		if j == i {
			out[y] = ineligible
			continue
		}
		ab, ba := bits.OnesCount64(ta&learn[j]), bits.OnesCount64(teach[j]&la)
		if rare && tah&learnH[j]|teachH[j]&lah != 0 {
			b := &pr.ps[j]
			ab = shared(ta, b.learnMask, tah, b.learnHash, a.teachRare, b.learnRare)
			ba = shared(b.teachMask, la, b.teachHash, lah, b.teachRare, a.learnRare)
		}
		ab, ba = min(ab, TeachCap), min(ba, TeachCap)
		out[y] = int32(TeachPoints*(ab+ba)) + exchange[(min(ab, 1)<<1|min(ba, 1))&3] + pts[place[j]]
	}
}

// exchange is the term for teaching neither way, one way (0) or both ways,
// by (ab > 0)·2 + (ba > 0): the scoring loops read it rather than branch,
// as random skills make the branch unpredictable.
var exchange = [4]int32{NoExchangePoints, 0, 0, TandemPoints}

// buildDense fills the n×n weight matrix if n is small enough.
func (pr *problem) buildDense() {
	if pr.dense != nil || pr.n > denseLimit {
		return
	}
	vs := make([]int32, pr.n)
	for i := range vs {
		vs[i] = int32(i)
	}
	d := make([]int32, pr.n*pr.n)
	for i := range vs {
		pr.rowFrom(int32(i), vs, vs, 0, d[i*pr.n:(i+1)*pr.n])
	}
	pr.dense = d
}

// denseRow returns i's row of the weight matrix, or nil if there is none.
func (pr *problem) denseRow(i int32) []int32 {
	if pr.dense == nil {
		return nil
	}
	return pr.dense[int(i)*pr.n : (int(i)+1)*pr.n]
}

// hasPartner reports whether i may be grouped with anyone at all.
func (pr *problem) hasPartner(i int32) bool {
	return len(pr.avd[i]) < pr.n-1
}
