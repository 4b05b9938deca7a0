package demo

import (
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// streamGaps draws which offices lack data: its own stream, so the rest
// of the demo stays as it was.
const streamGaps uint64 = 1<<32 + 1000

// planGaps leaves some active offices with the gaps real registries have
// (network.DataGaps): a few without opening hours, a few without phone and
// e-mail. The coordinators' dashboards then have
// something to follow up. The fixed Hannover office keeps everything.
func (pl *planner) planGaps() {
	r := newRandom(pl.o.Seed, streamGaps)
	for i := range pl.p.offices {
		in := &pl.p.offices[i].in
		if in.Status != network.Active && in.Status != "" || in.ExternalID == HannoverOfficeID || !r.chance(0.08) {
			continue
		}
		if r.chance(0.5) {
			in.Hours = hours.Schedule{}
		} else {
			in.Phone, in.Email = "", ""
		}
	}
}
