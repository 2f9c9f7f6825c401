package match

// skillIndex lists, for each skill, the people who teach it and the people
// who want to learn it (positions in a list vs), so that a person's skill
// partners, everyone who could teach them or learn from them, are found
// without a pass over everyone. Every other pair scores exactly
// NoExchangePoints for skills, which bounds it far below most pairs that
// share one.
type skillIndex struct {
	teachers, learners [][]int32 // skill id -> positions
	seen               []int32   // position -> the last partners call that met it
	now                int32
}

func (pr *problem) newSkillIndex(vs []int32) *skillIndex {
	ix := &skillIndex{teachers: make([][]int32, len(pr.skl)), learners: make([][]int32, len(pr.skl)), seen: make([]int32, len(vs))}
	for x, i := range vs {
		p := &pr.ps[i]
		for _, s := range p.teach {
			ix.teachers[s] = append(ix.teachers[s], int32(x))
		}
		for _, s := range p.learn {
			ix.learners[s] = append(ix.learners[s], int32(x))
		}
	}
	return ix
}

// reach returns how many entries partners reads for p: the price of
// asking the index rather than looking at everyone.
func (ix *skillIndex) reach(p *person) int {
	n := 0
	for _, s := range p.teach {
		n += len(ix.learners[s])
	}
	for _, s := range p.learn {
		n += len(ix.teachers[s])
	}
	return n
}

// partners appends to out, each once, the positions of the people who
// want to learn a skill p teaches or teach a skill p wants to learn (p
// itself included if it is in vs), and remembers them for isPartner until
// the next call.
func (ix *skillIndex) partners(out []int32, p *person) []int32 {
	ix.now++
	add := func(list []int32) {
		for _, z := range list {
			if ix.seen[z] != ix.now {
				ix.seen[z] = ix.now
				out = append(out, z)
			}
		}
	}
	for _, s := range p.teach {
		add(ix.learners[s])
	}
	for _, s := range p.learn {
		add(ix.teachers[s])
	}
	return out
}

// clone returns an index that shares the lists but has marks of its own,
// for another goroutine.
func (ix *skillIndex) clone() *skillIndex {
	return &skillIndex{teachers: ix.teachers, learners: ix.learners, seen: make([]int32, len(ix.seen))}
}

// isPartner reports whether the last partners call returned z.
func (ix *skillIndex) isPartner(z int32) bool { return ix.seen[z] == ix.now }
