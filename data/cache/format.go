package cache

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
)

// Kind is the resource type of cached resources.
type Kind string

// The kinds a study is made of.
const (
	KindDiagnosticReport Kind = "DiagnosticReport"
	KindObservation      Kind = "Observation"
	KindPatient          Kind = "Patient"
	KindGroup            Kind = "Group"
)

// Kinds lists every Kind, in the order they are stored.
func Kinds() []Kind {
	return []Kind{KindDiagnosticReport, KindObservation, KindPatient, KindGroup}
}

func (k Kind) valid() bool {
	switch k {
	case KindDiagnosticReport, KindObservation, KindPatient, KindGroup:
		return true
	}
	return false
}

// A study's resources of one kind are stored as chunks: each is the resources in order, each
// preceded by its length as a uvarint, compressed with DEFLATE unless that does not pay. A
// chunk of a few hundred kilobytes is large enough to compress well and few enough rows to
// read quickly, and a study of thousands of resources has enough chunks to decompress on
// every core.

// chunkTarget is the uncompressed size at which a chunk is closed.
const chunkTarget = 256 << 10

// codec is how a chunk's payload is stored.
type codec int

const (
	codecNone    codec = 0 // as is
	codecDeflate codec = 1 // RFC 1951 DEFLATE
)

// deflateLevel trades save time for size; decompression speed barely depends on it.
const deflateLevel = flate.BestSpeed

// chunk is one stored row of a study's resources.
type chunk struct {
	kind     Kind
	seq      int
	count    int
	rawBytes int64 // sum of the resources' lengths
	codec    codec
	data     []byte
}

// splitChunks packs resources into uncompressed chunks of about chunkTarget bytes.
func splitChunks(kind Kind, resources [][]byte) []chunk {
	var out []chunk
	var cur *chunk
	var buf []byte
	flush := func() {
		if cur != nil {
			cur.data = buf
			out = append(out, *cur)
			cur, buf = nil, nil
		}
	}
	for _, r := range resources {
		if cur == nil {
			cur = &chunk{kind: kind, seq: len(out)}
			buf = make([]byte, 0, chunkTarget+len(r)+binary.MaxVarintLen64)
		}
		buf = binary.AppendUvarint(buf, uint64(len(r)))
		buf = append(buf, r...)
		cur.count++
		cur.rawBytes += int64(len(r))
		if len(buf) >= chunkTarget {
			flush()
		}
	}
	flush()
	return out
}

// compress stores the chunk DEFLATE-compressed when that saves at least an eighth; w is reused.
func (c *chunk) compress(w *flate.Writer) error {
	var out bytes.Buffer
	out.Grow(len(c.data) / 4)
	w.Reset(&out)
	if _, err := w.Write(c.data); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if out.Len() <= len(c.data)-len(c.data)/8 {
		c.data, c.codec = out.Bytes(), codecDeflate
	}
	return nil
}

// decode returns the chunk's resources; they share one buffer. r is a reusable DEFLATE reader
// (nil to make one).
func (c *chunk) decode(r io.ReadCloser) ([][]byte, error) {
	if c.count < 0 || c.rawBytes < 0 {
		return nil, fmt.Errorf("%w: chunk %s/%d declares %d resources of %d bytes", ErrCorrupt, c.kind, c.seq, c.count, c.rawBytes)
	}
	payload := c.data
	if c.codec == codecDeflate {
		if r == nil {
			r = flate.NewReader(nil)
		}
		if err := r.(flate.Resetter).Reset(bytes.NewReader(c.data), nil); err != nil {
			return nil, err
		}
		// The payload is the resources plus a uvarint each: read it into one buffer, and no
		// more than that, whatever a damaged chunk would expand to.
		limit := c.rawBytes + int64(c.count)*binary.MaxVarintLen64
		var buf bytes.Buffer
		// DEFLATE expands at most 1032:1; do not trust a damaged declaration further.
		buf.Grow(int(min(limit, int64(len(c.data))*1032)) + bytes.MinRead)
		n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
		if err != nil {
			return nil, fmt.Errorf("%w: chunk %s/%d: %v", ErrCorrupt, c.kind, c.seq, err)
		}
		if n > limit {
			return nil, fmt.Errorf("%w: chunk %s/%d expands beyond its declared size", ErrCorrupt, c.kind, c.seq)
		}
		payload = buf.Bytes()
	} else if c.codec != codecNone {
		return nil, fmt.Errorf("%w: chunk %s/%d has unknown codec %d", ErrCorrupt, c.kind, c.seq, c.codec)
	}
	out := make([][]byte, 0, min(c.count, len(payload)))
	var total int64
	for len(payload) > 0 {
		n, k := binary.Uvarint(payload)
		if k <= 0 || n > uint64(len(payload)-k) {
			return nil, fmt.Errorf("%w: chunk %s/%d is truncated", ErrCorrupt, c.kind, c.seq)
		}
		payload = payload[k:]
		out = append(out, payload[:n:n])
		payload = payload[n:]
		total += int64(n)
	}
	if len(out) != c.count || total != c.rawBytes {
		return nil, fmt.Errorf("%w: chunk %s/%d holds %d resources (%d bytes), expected %d (%d bytes)", ErrCorrupt, c.kind, c.seq, len(out), total, c.count, c.rawBytes)
	}
	return out, nil
}
