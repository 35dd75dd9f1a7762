package cache

import (
	"bytes"
	"compress/flate"
	"errors"
	"testing"
)

func TestChunksRoundTrip(t *testing.T) {
	var rs [][]byte
	for i := range 2000 {
		rs = append(rs, resource(KindObservation, i, "x", 100+i%700))
	}
	rs = append(rs, nil, []byte("{}"))
	chunks := splitChunks(KindObservation, rs)
	if len(chunks) < 3 {
		t.Fatalf("%d chunks", len(chunks))
	}
	w, _ := flate.NewWriter(nil, deflateLevel)
	var got [][]byte
	for i := range chunks {
		c := &chunks[i]
		if c.seq != i || len(c.data) < chunkTarget && i < len(chunks)-1 {
			t.Fatalf("chunk %d: seq %d, %d bytes", i, c.seq, len(c.data))
		}
		if err := c.compress(w); err != nil {
			t.Fatal(err)
		}
		if c.codec != codecDeflate {
			t.Errorf("chunk %d of repetitive JSON was not compressed", i)
		}
		out, err := c.decode(nil)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, out...)
	}
	if len(got) != len(rs) {
		t.Fatalf("%d resources, want %d", len(got), len(rs))
	}
	for i := range rs {
		if !bytes.Equal(got[i], rs[i]) {
			t.Fatalf("resource %d differs", i)
		}
	}
}

func TestIncompressibleChunkIsStored(t *testing.T) {
	r := make([]byte, 4096)
	x := uint32(1)
	for i := range r {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		r[i] = byte(x)
	}
	c := splitChunks(KindPatient, [][]byte{r})[0]
	w, _ := flate.NewWriter(nil, deflateLevel)
	if err := c.compress(w); err != nil {
		t.Fatal(err)
	}
	if c.codec != codecNone {
		t.Fatal("random bytes were stored compressed")
	}
	out, err := c.decode(nil)
	if err != nil || len(out) != 1 || !bytes.Equal(out[0], r) {
		t.Fatalf("decode: %v", err)
	}
}

func TestDamagedChunksAreErrors(t *testing.T) {
	good := splitChunks(KindGroup, [][]byte{[]byte(`{"a":1}`), []byte(`{"b":2}`)})[0]
	for name, c := range map[string]chunk{
		"truncated":     {kind: KindGroup, count: 2, rawBytes: 14, data: good.data[:len(good.data)-3]},
		"wrong count":   {kind: KindGroup, count: 3, rawBytes: 14, data: good.data},
		"wrong size":    {kind: KindGroup, count: 2, rawBytes: 15, data: good.data},
		"unknown codec": {kind: KindGroup, count: 2, rawBytes: 14, data: good.data, codec: 9},
		"bad deflate":   {kind: KindGroup, count: 2, rawBytes: 14, data: []byte{0xff, 0xff, 0xff}, codec: codecDeflate},
	} {
		if _, err := c.decode(nil); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", name, err)
		}
	}
}

// FuzzChunkDecode feeds arbitrary stored chunks to the decoder: it may refuse them, never
// panic, and what it accepts must add up to the declared count and size.
func FuzzChunkDecode(f *testing.F) {
	c := splitChunks(KindPatient, [][]byte{[]byte(`{"resourceType":"Patient"}`), []byte(`{}`)})[0]
	f.Add(c.data, 0, 2, int64(28))
	w, _ := flate.NewWriter(nil, deflateLevel)
	c.compress(w)
	f.Add(c.data, 1, 2, int64(28))
	f.Fuzz(func(t *testing.T, data []byte, cd, count int, raw int64) {
		c := chunk{kind: KindPatient, count: count, rawBytes: raw, codec: codec(cd), data: data}
		out, err := c.decode(nil)
		if err != nil {
			return
		}
		var total int64
		for _, r := range out {
			total += int64(len(r))
		}
		if len(out) != count || total != raw {
			t.Fatalf("accepted %d resources of %d bytes, declared %d of %d", len(out), total, count, raw)
		}
	})
}
