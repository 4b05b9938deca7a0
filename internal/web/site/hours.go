package site

// DayKeys are the message keys of the weekdays, Monday first.
var DayKeys = []string{"day.mon", "day.tue", "day.wed", "day.thu", "day.fri", "day.sat", "day.sun"}

// DayHours is one row of an opening hours table.
type DayHours struct{ Name, Hours string }

// HolidayView is an upcoming public holiday.
type HolidayView struct{ Date, Name string }
