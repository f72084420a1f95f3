;; The GIF encoder's per-pixel loops in WebAssembly: a frame's pixels mapped
;; to the palette (`map`) and LZW-compressed (`lzw`). Assembled by
;; `deno task build:wasm` (tools/build_wasm.ts) into gif.wasm; driven by
;; lib/render/gif_frames.ts. Both give, byte for byte, what the JavaScript
;; they replace gives (tests/gif_palette_test.ts checks them against gifenc):
;; - `map` is `createGifEncoder`'s mapping as it was in JavaScript, which is
;;   gifenc's `applyPalette` (format rgb565): a pixel's key is its colour's
;;   top 5 bits of red, green and blue; within one frame, the first pixel of
;;   a key maps to its nearest palette colour (squared distance, a later
;;   colour winning a tie) and every later pixel of that key takes the same
;;   index. A layer over a base is composited as `compositeOver` draws it
;;   (each channel t + u × (255 − a) / 255 in float64, rounded; opaque).
;;   Blocks of 16 pixels of the colour of the pixel before them take its
;;   index at once, as the pixel-by-pixel loop would.
;; - `lzw` gives the codes of gifenc 1.0.3's `lzwEncode` (colour depth 8):
;;   open addressing with double hashing on a 5003-entry table, codes up to
;;   12 bits, the table cleared when full, the codes packed into sub-blocks
;;   of 254 bytes. Runs of one index take one step per code they output, not
;;   a table lookup per pixel (see `lzw`).
;;
;; Memory (byte addresses; the host sets the palette and grows the memory
;; for the frame buffers it places after `HEAP`):
(module
  (memory (export "memory") 38)

  ;; The palette's red, green and blue (i32 each, at most 255 colours).
  (global $PAL_R i32 (i32.const 0))
  (global $PAL_G i32 (i32.const 1024))
  (global $PAL_B i32 (i32.const 2048))
  ;; LZW's hash table and code table (i32 × 5003 each) and its packet (254 bytes).
  (global $HTAB i32 (i32.const 4096))
  (global $CODETAB i32 (i32.const 24576))
  (global $ACCUM i32 (i32.const 45056))
  ;; Per rgb565 key, the frame that last mapped it (i32) and the index it got (u8).
  (global $STAMP i32 (i32.const 65536))
  (global $CACHE i32 (i32.const 327680))
  ;; LZW's runs (see $clearRuns): RLEN (i32 × 256) and RUNS (i16 × 4096 × 256).
  (global $RLEN i32 (i32.const 46080))
  (global $RUNS i32 (i32.const 393216))
  ;; Where the host's buffers start.
  (global (export "HEAP") i32 (i32.const 2490368))

  (global $colors (mut i32) (i32.const 0))
  (global $frame (mut i32) (i32.const 0))

  ;; Sets the number of palette colours the host wrote at PAL_R, PAL_G, PAL_B.
  (func (export "setColors") (param $n i32)
    (global.set $colors (local.get $n)))

  ;; The nearest palette colour of the pixel word $c (squared distance, the
  ;; later colour on a tie), stamped as the current frame's for $key.
  (func $nearest (param $c i32) (param $key i32) (result i32)
    (local $r i32) (local $g i32) (local $b i32) (local $i i32) (local $d i32) (local $t i32)
    (local $best i32) (local $k i32)
    (local.set $r (i32.and (local.get $c) (i32.const 255)))
    (local.set $g (i32.and (i32.shr_u (local.get $c) (i32.const 8)) (i32.const 255)))
    (local.set $b (i32.and (i32.shr_u (local.get $c) (i32.const 16)) (i32.const 255)))
    (local.set $best (i32.const 0x7fffffff))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (global.get $colors)))
        (local.set $t (i32.sub (i32.load (i32.add (global.get $PAL_R) (i32.shl (local.get $i) (i32.const 2))))
          (local.get $r)))
        (local.set $d (i32.mul (local.get $t) (local.get $t)))
        (local.set $t (i32.sub (i32.load (i32.add (global.get $PAL_G) (i32.shl (local.get $i) (i32.const 2))))
          (local.get $g)))
        (local.set $d (i32.add (local.get $d) (i32.mul (local.get $t) (local.get $t))))
        (local.set $t (i32.sub (i32.load (i32.add (global.get $PAL_B) (i32.shl (local.get $i) (i32.const 2))))
          (local.get $b)))
        (local.set $d (i32.add (local.get $d) (i32.mul (local.get $t) (local.get $t))))
        (if (i32.le_s (local.get $d) (local.get $best))
          (then (local.set $best (local.get $d)) (local.set $k (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store (i32.add (global.get $STAMP) (i32.shl (local.get $key) (i32.const 2))) (global.get $frame))
    (i32.store8 (i32.add (global.get $CACHE) (local.get $key)) (local.get $k))
    (local.get $k))

  ;; One channel of a layer pixel over a base pixel: t + u × k, rounded
  ;; (never a tie: the exact value's fraction is a multiple of 1/255).
  (func $blend (param $t i32) (param $u i32) (param $k f64) (result i32)
    (i32.trunc_f64_u (f64.floor (f64.add
      (f64.add (f64.convert_i32_u (local.get $t)) (f64.mul (f64.convert_i32_u (local.get $u)) (local.get $k)))
      (f64.const 0.5)))))

  ;; Maps the $n pixel words at $pTop (drawn over those at $pBase when $over
  ;; is 1; taken as they are when 0) to palette indices. The indices go to
  ;; $pPrev; what the frame encodes goes to $pOut: the indices themselves
  ;; when $first is 1, else 255 (the transparent index) where a pixel's index
  ;; is the one $pPrev held, the index elsewhere.
  (func (export "map") (param $pBase i32) (param $pTop i32) (param $pPrev i32) (param $pOut i32) (param $n i32)
    (param $over i32) (param $first i32)
    (local $i i32) (local $w i32) (local $a i32) (local $c i32) (local $u i32) (local $k f64)
    (local $last i32) (local $idx i32) (local $key i32) (local $f i32) (local $p i32)
    (local $scalarUntil i32) (local $src i32) (local $lastV v128) (local $idxV v128) (local $prevV v128)
    (global.set $frame (i32.add (global.get $frame) (i32.const 1)))
    (local.set $f (global.get $frame))
    (local.set $idx (i32.const -1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; Fast path, 16 pixels at once: each of the colour of the pixel before
        ;; them (the top's, or the base's under a transparent top), so each
        ;; takes the index that pixel took, as the loop below would give them.
        ;; Tried again 16 pixels after it fails.
        (if (i32.and (i32.ge_u (local.get $i) (local.get $scalarUntil))
              (i32.and (i32.le_u (i32.add (local.get $i) (i32.const 16)) (local.get $n))
                (i32.ge_s (local.get $idx) (i32.const 0))))
          (then
            (local.set $lastV (i32x4.splat (local.get $last)))
            (local.set $p (i32.add (local.get $pTop) (i32.shl (local.get $i) (i32.const 2))))
            (if (i32.and
                  (i32.or (i32.eqz (local.get $over))
                    (i32.eqz (v128.any_true (v128.and (v128.const i32x4 0xff000000 0xff000000 0xff000000 0xff000000)
                      (v128.or (v128.or (v128.load (local.get $p)) (v128.load offset=16 (local.get $p)))
                        (v128.or (v128.load offset=32 (local.get $p)) (v128.load offset=48 (local.get $p))))))))
                  (block (result i32)
                    (local.set $src (select (i32.add (local.get $pBase) (i32.shl (local.get $i) (i32.const 2)))
                      (local.get $p) (local.get $over)))
                    (i32x4.all_true (v128.and
                      (v128.and (i32x4.eq (v128.load (local.get $src)) (local.get $lastV))
                        (i32x4.eq (v128.load offset=16 (local.get $src)) (local.get $lastV)))
                      (v128.and (i32x4.eq (v128.load offset=32 (local.get $src)) (local.get $lastV))
                        (i32x4.eq (v128.load offset=48 (local.get $src)) (local.get $lastV)))))))
              (then
                (local.set $idxV (i8x16.splat (local.get $idx)))
                (local.set $p (i32.add (local.get $pPrev) (local.get $i)))
                (local.set $prevV (v128.load (local.get $p)))
                (v128.store (i32.add (local.get $pOut) (local.get $i))
                  (select (result v128) (local.get $idxV)
                    (v128.bitselect (v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255)
                      (local.get $idxV) (i8x16.eq (local.get $prevV) (local.get $idxV)))
                    (local.get $first)))
                (v128.store (local.get $p) (local.get $idxV))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $next)))
            (local.set $scalarUntil (i32.add (local.get $i) (i32.const 16)))))
        (local.set $w (i32.load (i32.add (local.get $pTop) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $c (local.get $w))
        (if (local.get $over)
          (then
            (local.set $a (i32.shr_u (local.get $w) (i32.const 24)))
            (if (i32.eqz (local.get $a))
              (then (local.set $c (i32.load (i32.add (local.get $pBase) (i32.shl (local.get $i) (i32.const 2))))))
              (else
                (if (i32.ne (local.get $a) (i32.const 255))
                  (then
                    (local.set $u (i32.load (i32.add (local.get $pBase) (i32.shl (local.get $i) (i32.const 2)))))
                    (local.set $k (f64.div (f64.convert_i32_u (i32.sub (i32.const 255) (local.get $a)))
                      (f64.const 255)))
                    (local.set $c (i32.or (i32.or (i32.const 0xff000000)
                      (i32.shl (call $blend (i32.and (i32.shr_u (local.get $w) (i32.const 16)) (i32.const 255))
                        (i32.and (i32.shr_u (local.get $u) (i32.const 16)) (i32.const 255)) (local.get $k))
                        (i32.const 16)))
                      (i32.or
                        (i32.shl (call $blend (i32.and (i32.shr_u (local.get $w) (i32.const 8)) (i32.const 255))
                          (i32.and (i32.shr_u (local.get $u) (i32.const 8)) (i32.const 255)) (local.get $k))
                          (i32.const 8))
                        (call $blend (i32.and (local.get $w) (i32.const 255)) (i32.and (local.get $u) (i32.const 255))
                          (local.get $k)))))))))))
        ;; A pixel of the colour of the pixel before it takes its index.
        (if (i32.or (i32.ne (local.get $c) (local.get $last)) (i32.lt_s (local.get $idx) (i32.const 0)))
          (then
            (local.set $key (i32.or (i32.or
              (i32.and (i32.shl (local.get $c) (i32.const 8)) (i32.const 0xf800))
              (i32.and (i32.shr_u (local.get $c) (i32.const 6)) (i32.const 0x3e0)))
              (i32.and (i32.shr_u (local.get $c) (i32.const 19)) (i32.const 0x1f))))
            (if (i32.eq (i32.load (i32.add (global.get $STAMP) (i32.shl (local.get $key) (i32.const 2))))
                (local.get $f))
              (then (local.set $idx (i32.load8_u (i32.add (global.get $CACHE) (local.get $key)))))
              (else (local.set $idx (call $nearest (local.get $c) (local.get $key)))))
            (local.set $last (local.get $c))))
        (local.set $p (i32.add (local.get $pPrev) (local.get $i)))
        (i32.store8 (i32.add (local.get $pOut) (local.get $i))
          (select (local.get $idx)
            (select (i32.const 255) (local.get $idx) (i32.eq (local.get $idx) (i32.load8_u (local.get $p))))
            (local.get $first)))
        (i32.store8 (local.get $p) (local.get $idx))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; LZW's state while a frame is encoded (gifenc's names).
  (global $curAccum (mut i32) (i32.const 0))
  (global $curBits (mut i32) (i32.const 0))
  (global $nBits (mut i32) (i32.const 0))
  (global $maxcode (mut i32) (i32.const 0))
  (global $freeEnt (mut i32) (i32.const 0))
  (global $clearFlg (mut i32) (i32.const 0))
  (global $aCount (mut i32) (i32.const 0))
  (global $outAt (mut i32) (i32.const 0))

  (func $writeByte (param $b i32)
    (i32.store8 (global.get $outAt) (local.get $b))
    (global.set $outAt (i32.add (global.get $outAt) (i32.const 1))))

  ;; The packet written out as a sub-block (its length, then its bytes).
  (func $flushPacket
    (call $writeByte (global.get $aCount))
    (memory.copy (global.get $outAt) (global.get $ACCUM) (global.get $aCount))
    (global.set $outAt (i32.add (global.get $outAt) (global.get $aCount)))
    (global.set $aCount (i32.const 0)))

  ;; The low byte of the accumulator into the packet, the packet out when it holds 254 bytes.
  (func $packByte
    (i32.store8 (i32.add (global.get $ACCUM) (global.get $aCount)) (global.get $curAccum))
    (global.set $aCount (i32.add (global.get $aCount) (i32.const 1)))
    (if (i32.ge_u (global.get $aCount) (i32.const 254)) (then (call $flushPacket)))
    (global.set $curAccum (i32.shr_s (global.get $curAccum) (i32.const 8)))
    (global.set $curBits (i32.sub (global.get $curBits) (i32.const 8))))

  ;; gifenc's output(code); $eof is its EOFCode.
  (func $output (param $code i32) (param $eof i32)
    (global.set $curAccum (i32.and (global.get $curAccum)
      (i32.sub (i32.shl (i32.const 1) (global.get $curBits)) (i32.const 1))))
    (if (i32.gt_s (global.get $curBits) (i32.const 0))
      (then (global.set $curAccum (i32.or (global.get $curAccum)
        (i32.shl (local.get $code) (global.get $curBits)))))
      (else (global.set $curAccum (local.get $code))))
    (global.set $curBits (i32.add (global.get $curBits) (global.get $nBits)))
    (block $done
      (loop $next
        (br_if $done (i32.lt_s (global.get $curBits) (i32.const 8)))
        (call $packByte)
        (br $next)))
    (if (i32.or (i32.gt_s (global.get $freeEnt) (global.get $maxcode)) (global.get $clearFlg))
      (then
        (if (global.get $clearFlg)
          (then
            (global.set $nBits (i32.const 9))
            (global.set $maxcode (i32.const 511))
            (global.set $clearFlg (i32.const 0)))
          (else
            (global.set $nBits (i32.add (global.get $nBits) (i32.const 1)))
            (global.set $maxcode (select (i32.const 4096)
              (i32.sub (i32.shl (i32.const 1) (global.get $nBits)) (i32.const 1))
              (i32.eq (global.get $nBits) (i32.const 12))))))))
    (if (i32.eq (local.get $code) (local.get $eof))
      (then
        (block $flushed
          (loop $more
            (br_if $flushed (i32.le_s (global.get $curBits) (i32.const 0)))
            (call $packByte)
            (br $more)))
        (if (i32.gt_u (global.get $aCount) (i32.const 0)) (then (call $flushPacket))))))

  ;; Where the LZW string of k copies of index s has a code (s^k, k ≥ 1),
  ;; RUNS holds it (i16 at s·4096 + k) and RLEN (i32 at s) the largest such k
  ;; since the table was last cleared: s^1 is s itself, and s^(k+1) is made
  ;; only from s^k followed by s, so s^1 … s^RLEN[s] all have codes and
  ;; s^(RLEN[s] + 1) has none.
  (func $clearRuns
    (local $s i32)
    (loop $each
      (i32.store (i32.add (global.get $RLEN) (i32.shl (local.get $s) (i32.const 2))) (i32.const 1))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $s) (i32.const 256)))))

  ;; The number of copies of index $s at $pPix + $at … (before $n).
  (func $runLength (param $pPix i32) (param $at i32) (param $n i32) (param $s i32) (result i32)
    (local $i i32) (local $sv v128) (local $m i32)
    (local.set $i (local.get $at))
    (local.set $sv (i8x16.splat (local.get $s)))
    (block $done
      (loop $blocks
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $n)))
        (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (i32.add (local.get $pPix) (local.get $i))) (local.get $sv))))
        (if (i32.ne (local.get $m) (i32.const 0xffff))
          (then (return (i32.sub (i32.add (local.get $i) (i32.ctz (i32.xor (local.get $m) (i32.const 0xffff))))
            (local.get $at)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $blocks)))
    (block $end
      (loop $bytes
        (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
        (br_if $end (i32.ne (i32.load8_u (i32.add (local.get $pPix) (local.get $i))) (local.get $s)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bytes)))
    (i32.sub (local.get $i) (local.get $at)))

  ;; The slot of code table entry $fcode (prefix $ent, index $c) in HTAB:
  ;; where it is, or the empty slot where gifenc's probing would put it.
  (func $slot (param $fcode i32) (param $ent i32) (param $c i32) (result i32)
    (local $i i32) (local $h i32) (local $disp i32)
    (local.set $i (i32.xor (i32.shl (local.get $c) (i32.const 4)) (local.get $ent)))
    (local.set $h (i32.load (i32.add (global.get $HTAB) (i32.shl (local.get $i) (i32.const 2)))))
    (if (i32.or (i32.eq (local.get $h) (local.get $fcode)) (i32.lt_s (local.get $h) (i32.const 0)))
      (then (return (local.get $i))))
    (local.set $disp (select (i32.const 1) (i32.sub (i32.const 5003) (local.get $i)) (i32.eqz (local.get $i))))
    (loop $probe
      (local.set $i (i32.sub (local.get $i) (local.get $disp)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (local.set $i (i32.add (local.get $i) (i32.const 5003)))))
      (local.set $h (i32.load (i32.add (global.get $HTAB) (i32.shl (local.get $i) (i32.const 2)))))
      (br_if $probe (i32.and (i32.ne (local.get $h) (local.get $fcode)) (i32.ge_s (local.get $h) (i32.const 0)))))
    (local.get $i))

  ;; gifenc's step after a string $ent not followed in the table by index $c:
  ;; $ent is output, and the string $ent + $c gets the next code (at slot $i,
  ;; also as s^(k+1) when $k > 0: $ent is s^k and $c is s), or the table is
  ;; cleared when full.
  (func $emit (param $ent i32) (param $c i32) (param $i i32) (param $k i32)
    (call $output (local.get $ent) (i32.const 257))
    (if (i32.lt_s (global.get $freeEnt) (i32.const 4096))
      (then
        (i32.store (i32.add (global.get $CODETAB) (i32.shl (local.get $i) (i32.const 2))) (global.get $freeEnt))
        (i32.store (i32.add (global.get $HTAB) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add (i32.shl (local.get $c) (i32.const 12)) (local.get $ent)))
        (if (local.get $k)
          (then
            (i32.store16
              (i32.add (global.get $RUNS)
                (i32.shl (i32.add (i32.shl (local.get $c) (i32.const 12)) (i32.add (local.get $k) (i32.const 1)))
                  (i32.const 1)))
              (global.get $freeEnt))
            (i32.store (i32.add (global.get $RLEN) (i32.shl (local.get $c) (i32.const 2)))
              (i32.add (local.get $k) (i32.const 1)))))
        (global.set $freeEnt (i32.add (global.get $freeEnt) (i32.const 1))))
      (else
        (memory.fill (global.get $HTAB) (i32.const 0xff) (i32.const 20012))
        (call $clearRuns)
        (global.set $freeEnt (i32.const 258))
        (global.set $clearFlg (i32.const 1))
        (call $output (i32.const 256) (i32.const 257)))))

  ;; LZW-compresses the $n (≥ 1) palette indices at $pPix into $pOut as a
  ;; GIF image's data (the minimum code size 8, the sub-blocks, the block
  ;; terminator); returns the number of bytes written.
  ;;
  ;; The codes are gifenc's: while the current string is s^j and a run of r
  ;; more copies of s follows, gifenc walks the table one index at a time to
  ;; s^(j+r) when that has a code; else to s^RLEN[s], and outputs it, and
  ;; s^(RLEN[s] + 1) gets the next code, and it goes on from s with the
  ;; rest. Here each such walk is one step through RUNS, so a frame's long
  ;; runs of one index (the unchanged pixels, 255) cost a few codes, not a
  ;; lookup per pixel.
  (func (export "lzw") (param $pPix i32) (param $n i32) (param $pOut i32) (result i32)
    (local $ent i32) (local $idx i32) (local $c i32) (local $fcode i32) (local $i i32)
    (local $s i32) (local $j i32) (local $r i32) (local $k i32)
    (memory.fill (global.get $CODETAB) (i32.const 0) (i32.const 20012))
    (memory.fill (global.get $HTAB) (i32.const 0xff) (i32.const 20012))
    (call $clearRuns)
    (loop $roots
      (i32.store16 (i32.add (global.get $RUNS) (i32.shl (i32.add (i32.shl (local.get $s) (i32.const 12)) (i32.const 1))
        (i32.const 1))) (local.get $s))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $roots (i32.lt_u (local.get $s) (i32.const 256))))
    (global.set $curAccum (i32.const 0))
    (global.set $curBits (i32.const 0))
    (global.set $nBits (i32.const 9))
    (global.set $maxcode (i32.const 511))
    (global.set $clearFlg (i32.const 0))
    (global.set $freeEnt (i32.const 258))
    (global.set $aCount (i32.const 0))
    (global.set $outAt (local.get $pOut))
    (local.set $ent (i32.load8_u (local.get $pPix)))
    ;; the current string is s^j ($j > 0), or no run ($j = 0)
    (local.set $s (local.get $ent))
    (local.set $j (i32.const 1))
    (call $writeByte (i32.const 8))
    (call $output (i32.const 256) (i32.const 257))
    (local.set $idx (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $idx) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (local.get $pPix) (local.get $idx))))
        (if (i32.and (i32.ne (local.get $j) (i32.const 0)) (i32.eq (local.get $c) (local.get $s)))
          (then
            (local.set $r (call $runLength (local.get $pPix) (local.get $idx) (local.get $n) (local.get $s)))
            (local.set $idx (i32.add (local.get $idx) (local.get $r)))
            (loop $walk
              (local.set $k (i32.load (i32.add (global.get $RLEN) (i32.shl (local.get $s) (i32.const 2)))))
              (if (i32.le_u (i32.add (local.get $j) (local.get $r)) (local.get $k))
                (then
                  (local.set $j (i32.add (local.get $j) (local.get $r)))
                  (local.set $ent (i32.load16_u (i32.add (global.get $RUNS)
                    (i32.shl (i32.add (i32.shl (local.get $s) (i32.const 12)) (local.get $j)) (i32.const 1)))))
                  (br $next)))
              ;; to s^k, then s^k + s has no code
              (local.set $r (i32.sub (local.get $r) (i32.add (i32.sub (local.get $k) (local.get $j)) (i32.const 1))))
              (local.set $ent (i32.load16_u (i32.add (global.get $RUNS)
                (i32.shl (i32.add (i32.shl (local.get $s) (i32.const 12)) (local.get $k)) (i32.const 1)))))
              (call $emit (local.get $ent) (local.get $s)
                (call $slot (i32.add (i32.shl (local.get $s) (i32.const 12)) (local.get $ent)) (local.get $ent) (local.get $s))
                (local.get $k))
              (local.set $ent (local.get $s))
              (local.set $j (i32.const 1))
              (br_if $walk (local.get $r))
              (br $next))))
        (local.set $idx (i32.add (local.get $idx) (i32.const 1)))
        (local.set $fcode (i32.add (i32.shl (local.get $c) (i32.const 12)) (local.get $ent)))
        (local.set $i (call $slot (local.get $fcode) (local.get $ent) (local.get $c)))
        (if (i32.eq (i32.load (i32.add (global.get $HTAB) (i32.shl (local.get $i) (i32.const 2)))) (local.get $fcode))
          (then
            (local.set $ent (i32.load (i32.add (global.get $CODETAB) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $j (i32.const 0))
            (br $next)))
        (call $emit (local.get $ent) (local.get $c) (local.get $i) (i32.const 0))
        (local.set $ent (local.get $c))
        (local.set $s (local.get $c))
        (local.set $j (i32.const 1))
        (br $next)))
    (call $output (local.get $ent) (i32.const 257))
    (call $output (i32.const 257) (i32.const 257))
    (call $writeByte (i32.const 0))
    (i32.sub (global.get $outAt) (local.get $pOut)))
)
