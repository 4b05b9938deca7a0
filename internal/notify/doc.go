// Package notify tells staff members that something concerns them: in the
// platform (a bell with the unread count, the /notifications page) and,
// as each person chooses per kind, by e-mail at once or in a daily digest
// at 07:00 on working days. It owns notifications, notification_prefs and
// notification_digests.
//
// A notification is added in the transaction of the change that causes it
// (Add takes the *db.Tx), and so is its e-mail job: a rolled-back change
// tells nobody, a committed one always does. Neither the notification nor
// the mail names a client, a file code or a topic: the texts are fixed
// per kind, the mail links to /notifications, where a signed-in person
// follows the link to the thing itself.
package notify
