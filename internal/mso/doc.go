// Package mso keeps what the network knows about migrant
// self-organisations (MSOs, registry organisations of kind "mso"): a
// profile per organisation (what it does, languages, communities,
// activities, contact, and whether it agreed to appear in the public
// directory) and the support requests it brings to its region (funding
// advice, founding an association, premises, training), handled like a
// small case with a status and a timeline of sealed notes. It holds no
// client data. It owns the tables mso_profiles, mso_languages,
// mso_requests and mso_request_notes (migration 00031); the organisations
// themselves are the registry's (package network).
//
// Who reaches what is one view built from the principal (view.go): the
// ministry every MSO, region coordinators those of their regions, office
// leads and counselors those of their offices' regions, and the staff of
// an MSO their own organisation.
package mso
