package backup

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// syncFile flushes path's contents to stable storage.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("backup: sync %s: %w", path, err)
	}
	return nil
}

// syncDir flushes the directory holding path, so a rename survives a crash.
func syncDir(path string) error {
	return syncFile(filepath.Dir(path))
}

// copyAndSync copies src to dst, stopping when ctx ends, and syncs dst.
func copyAndSync(ctx context.Context, dst *os.File, src io.Reader) error {
	if _, err := io.Copy(dst, ctxReader{ctx, src}); err != nil {
		return fmt.Errorf("backup: copy: %w", err)
	}
	if err := dst.Sync(); err != nil {
		return fmt.Errorf("backup: sync: %w", err)
	}
	return nil
}

// ctxReader fails reads once ctx is done, so copying a large database can
// be cancelled (shutdown, job timeout) part-way.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
