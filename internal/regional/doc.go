// Package regional is the work of the KMN's ten regional networks
// (Regionalverbünde) and of the state as a whole: who belongs to a
// region's network (member organisations with a representative and a
// deputy, invited guests), meetings with agenda, invitations, attendance,
// minutes in versions, decisions and tasks, announcements with read
// counts, document libraries and exchange threads, and a search over all
// of it within what the reader may see.
//
// Who sees what is decided once per request by ParticipantOf: the
// ministry sees every region; a region coordinator coordinates their
// region; staff of a member organisation (by account scope, by an office
// of the organisation or by a membership) and invited guests take part in
// that region. Everybody who takes part anywhere also takes part in the
// statewide space ("state"). Items of a region the reader does not take
// part in answer ErrNotFound, the same as items that do not exist.
//
// None of this is client data: it names staff and organisations only.
package regional
