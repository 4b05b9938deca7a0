// Package event keeps trainings and events of the network: who organises
// them (the state, a region, an organisation or an office), their texts per
// language and dates, and the registrations of people without an account
// with double opt-in, capacity, waitlist and time-limited offers of freed
// places. It owns the tables events, event_texts, event_dates and
// event_registrations (migration 00024). Registrants' data is sealed and
// never touches client files.
package event
