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
;; - `lzw` is gifenc 1.0.3's `lzwEncode` (colour depth 8), line for line:
;;   open addressing with double hashing on a 5003-entry table, codes up to
;;   12 bits, the table cleared when full, the codes packed into sub-blocks
;;   of 254 bytes.
;;
;; Memory (byte addresses; the host sets the palette and grows the memory
;; for the frame buffers it places after `HEAP`):
(module
  (memory (export "memory") 7)

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
  ;; Where the host's buffers start.
  (global (export "HEAP") i32 (i32.const 393216))

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
    (global.set $frame (i32.add (global.get $frame) (i32.const 1)))
    (local.set $f (global.get $frame))
    (local.set $idx (i32.const -1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
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

  ;; LZW-compresses the $n (≥ 1) palette indices at $pPix into $pOut as a
  ;; GIF image's data (the minimum code size 8, the sub-blocks, the block
  ;; terminator); returns the number of bytes written.
  (func (export "lzw") (param $pPix i32) (param $n i32) (param $pOut i32) (result i32)
    (local $ent i32) (local $idx i32) (local $c i32) (local $fcode i32) (local $i i32) (local $disp i32)
    (local $h i32)
    (memory.fill (global.get $CODETAB) (i32.const 0) (i32.const 20012))
    (memory.fill (global.get $HTAB) (i32.const 0xff) (i32.const 20012))
    (global.set $curAccum (i32.const 0))
    (global.set $curBits (i32.const 0))
    (global.set $nBits (i32.const 9))
    (global.set $maxcode (i32.const 511))
    (global.set $clearFlg (i32.const 0))
    (global.set $freeEnt (i32.const 258))
    (global.set $aCount (i32.const 0))
    (global.set $outAt (local.get $pOut))
    (local.set $ent (i32.load8_u (local.get $pPix)))
    (call $writeByte (i32.const 8))
    (call $output (i32.const 256) (i32.const 257))
    (local.set $idx (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $idx) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (local.get $pPix) (local.get $idx))))
        (local.set $idx (i32.add (local.get $idx) (i32.const 1)))
        (local.set $fcode (i32.add (i32.shl (local.get $c) (i32.const 12)) (local.get $ent)))
        (local.set $i (i32.xor (i32.shl (local.get $c) (i32.const 4)) (local.get $ent)))
        (local.set $h (i32.load (i32.add (global.get $HTAB) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.eq (local.get $h) (local.get $fcode))
          (then
            (local.set $ent (i32.load (i32.add (global.get $CODETAB) (i32.shl (local.get $i) (i32.const 2)))))
            (br $next)))
        (local.set $disp (select (i32.const 1) (i32.sub (i32.const 5003) (local.get $i)) (i32.eqz (local.get $i))))
        (block $empty
          (loop $probe
            (br_if $empty (i32.lt_s (local.get $h) (i32.const 0)))
            (local.set $i (i32.sub (local.get $i) (local.get $disp)))
            (if (i32.lt_s (local.get $i) (i32.const 0)) (then (local.set $i (i32.add (local.get $i) (i32.const 5003)))))
            (local.set $h (i32.load (i32.add (global.get $HTAB) (i32.shl (local.get $i) (i32.const 2)))))
            (if (i32.eq (local.get $h) (local.get $fcode))
              (then
                (local.set $ent (i32.load (i32.add (global.get $CODETAB) (i32.shl (local.get $i) (i32.const 2)))))
                (br $next)))
            (br $probe)))
        (call $output (local.get $ent) (i32.const 257))
        (local.set $ent (local.get $c))
        (if (i32.lt_s (global.get $freeEnt) (i32.const 4096))
          (then
            (i32.store (i32.add (global.get $CODETAB) (i32.shl (local.get $i) (i32.const 2))) (global.get $freeEnt))
            (global.set $freeEnt (i32.add (global.get $freeEnt) (i32.const 1)))
            (i32.store (i32.add (global.get $HTAB) (i32.shl (local.get $i) (i32.const 2))) (local.get $fcode)))
          (else
            (memory.fill (global.get $HTAB) (i32.const 0xff) (i32.const 20012))
            (global.set $freeEnt (i32.const 258))
            (global.set $clearFlg (i32.const 1))
            (call $output (i32.const 256) (i32.const 257))))
        (br $next)))
    (call $output (local.get $ent) (i32.const 257))
    (call $output (i32.const 257) (i32.const 257))
    (call $writeByte (i32.const 0))
    (i32.sub (global.get $outAt) (local.get $pOut)))
)
