package db

// InBatches calls batch until it handles fewer than size rows (the last,
// partial batch) or fails, and returns the rows handled in all. Purges use
// it so that each transaction stays short whatever the backlog.
func InBatches(size int, batch func() (int, error)) (int, error) {
	total := 0
	for {
		n, err := batch()
		total += n
		if err != nil || n < size {
			return total, err
		}
	}
}
