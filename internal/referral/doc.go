// Package referral sends a client from one door of the network to another:
// a counselor refers the client of a file to an office or organisation of
// the registry (its staff, not a named person) or to one not on the
// platform, with a consent for exactly that recipient and those data
// categories. It owns the referrals table.
//
// What the recipient sees is a sealed snapshot of the consented categories
// taken when the referral was sent (casework.PrepareReferral reads them in
// the same transaction); the recipient never reads the file. Withdrawing
// the consent revokes the referral at once and erases the snapshot.
//
// States: sent → accepted | declined → completed (with an outcome); the
// sender may withdraw while not completed. Every transition is one UPDATE
// conditioned on the state it leaves, so of two people answering at once
// one wins and the other is told (ErrChanged). Every transition is audited
// and tells the other side (notify).
package referral
