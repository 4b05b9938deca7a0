package referral

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Figures are the referrals sent in a period, counted (aggregates only, for
// the statistics of the ministry and the regions): by the sending file's
// program, the recipient's kind, topic, state and outcome, and the median
// time from sending to the first answer.
type Figures struct {
	Total           int
	BySenderProgram map[string]int
	ByRecipientKind map[string]int
	ByTopic         map[string]int
	ByState         map[State]int
	// ByOutcome counts completed referrals: "successful", or
	// "unsuccessful:<reason>".
	ByOutcome map[string]int
	// Answered is how many were accepted or declined; MedianResponse the
	// median time they took (0 when none).
	Answered       int
	MedianResponse time.Duration
}

// Figures counts the referrals sent from from (inclusive) to to (exclusive).
func (s *Store) Figures(ctx context.Context, from, to time.Time) (Figures, error) {
	f := Figures{BySenderProgram: map[string]int{}, ByRecipientKind: map[string]int{}, ByTopic: map[string]int{},
		ByState: map[State]int{}, ByOutcome: map[string]int{}}
	var waits []time.Duration
	err := s.db.InRead(ctx, func(q db.Querier) error {
		rows, err := q.Query(ctx, `SELECT program_id, recipient_kind, topic, state, outcome, outcome_reason, sent_at, answered_at
			FROM referrals WHERE state <> 'draft' AND sent_at >= ? AND sent_at < ?`, from, to)
		if err != nil {
			return fmt.Errorf("referral: figures: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var program, kind, topic, state, outcome, reason string
			var sent time.Time
			var answered *time.Time
			if err := rows.Scan(&program, &kind, &topic, &state, &outcome, &reason, &sent, &answered); err != nil {
				return fmt.Errorf("referral: figures: %w", err)
			}
			f.Total++
			f.BySenderProgram[program]++
			f.ByRecipientKind[kind]++
			f.ByTopic[topic]++
			f.ByState[State(state)]++
			switch outcome {
			case Successful:
				f.ByOutcome[Successful]++
			case Unsuccessful:
				f.ByOutcome[Unsuccessful+":"+reason]++
			}
			if answered != nil {
				waits = append(waits, answered.Sub(sent))
			}
		}
		return rows.Err()
	})
	f.Answered, f.MedianResponse = len(waits), median(waits)
	return f, err
}

func median(xs []time.Duration) time.Duration {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	if n := len(xs); n%2 == 0 {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	return xs[len(xs)/2]
}
