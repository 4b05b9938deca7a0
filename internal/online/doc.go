// Package online keeps anonymous online counseling: anonymous client
// accounts and their sessions, counselors' identity keys, which offices
// take online enquiries, the routing of an enquiry to an office or a pool,
// and the conversations with their wrapped keys and messages.
//
// Everything a person writes is encrypted in the browser (docs/E2E.md);
// this package stores and checks the shape of ciphertext, wrapped keys and
// metadata, and never sees a message's text or a private key. It owns the
// tables online_* (migration 00021).
package online
