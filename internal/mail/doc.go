// Package mail is the platform's only way out by e-mail: reminders,
// referral notices, digests and account mail all leave through a Sender
// from this package, so there is one place that decides how a message is
// built, which headers it carries and how it reaches the SMTP relay.
//
// Callers render each message themselves from their translation catalogs,
// in the recipient's language, and give it the same look with Render.
// Mail never carries personal data of clients: not a name, not a case
// detail, not a question's text. A message says that something is waiting
// and links to the app, where the reader signs in and the access rules
// apply. Callers guarantee this; the package helps by never logging bodies
// in production (the SMTP sender logs nothing, NewLog is for development
// only).
//
// The sub-package mailtest runs a real SMTP server in-process so tests
// can send through the production code path.
package mail
