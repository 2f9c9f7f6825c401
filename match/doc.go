// Package match forms the groups of one matching round: it scores every
// eligible pair of participants and chooses the pairs or groups that
// maximise the total score.
//
// The package is pure: no I/O, no clock, no global state, and the result
// depends only on the input, including Input.Seed (a round can be recomputed
// from its seed), never on the order of Input.People. It imports only the
// standard library and the domain package.
//
// How a round is chosen, in order of priority:
//
//  1. Hard rules. Two people of whom either lists the other in Avoid are
//     never in one group. A person with no eligible partner at all is left
//     out, with a reason (see LeftOut).
//  2. Everyone who can be placed is placed; the groups have the sizes
//     GroupSizes gives when that places everyone (as many groups, each
//     of the smaller or the larger size), and otherwise sizes from 2 to
//     the largest of them (pairs and trios for group size 2), so that
//     only someone no grouping can place is left out.
//  3. Repeats are avoided whenever avoidable: a pair that shared a group in
//     the last Input.AvoidRepeats rounds costs RepeatMetPoints (or
//     RepeatUnmetPoints if that group never met), and that cost ranks before
//     every other term, so no amount of skill fit buys a repeat.
//  4. The sum of pair scores is as high as possible: skills one teaches and
//     the other wants to learn (a tandem, both ways, scores highest), mode
//     and office, shared working hours. The weights are documented with
//     TeachPoints; PairScore applies them to two people.
//
// Pairs (GroupSize 2) use an exact maximum-weight matching (Edmonds'
// blossom algorithm, MaxWeightMatching) over every eligible pair: the
// blossom runs on each person's best candidates and a pricing loop adds
// any other pair its duals do not cover, until none is left, which proves
// the matching optimal on the complete graph. For an odd count the trio is
// chosen by what is best for the whole grouping. Groups of 3..8 use
// multi-start greedy construction, swap local search and assignment moves.
// A round with repeats left then runs a search that aims at none. Every
// Result carries Bound, an upper bound on the best possible score (the
// proven optimum for pairs; for trios the triangle bound), Proof, how it
// was found, and Gap, the difference as a fraction (the Slack edge words it).
// docs/benchmarks.md has the measured speed and quality.
package match
