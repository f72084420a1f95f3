;; The fused training kernel (forward pass, loss, backward pass, SGD/Adam
;; update of M 1-H-1 ReLU regressors) in WebAssembly SIMD. Assembled by
;; `deno task build:wasm` (tools/build_wasm.ts) into fused.wasm; driven by
;; lib/engine/kernel_wasm.ts. It matches the JavaScript loops of
;; lib/engine/kernel_cpu.ts bit for bit: `run32` follows `runFusedSteps`,
;; `run64` follows `runFusedSteps64` (the same code with float64 lanes).
;; Those two are relu's; `gen32` (SIMD) and `gen64` (scalar), at the end, run
;; any other piecewise-linear activation, given its two slopes.
;;
;; The models run in groups of G side by side (kernel_wasm.ts picks G: their
;; residuals within 32 KiB, or 1 for H ≥ 61, when one model fills the
;; lanes alone); every model's arithmetic is its own, in
;; the JavaScript loop's order, so grouping changes no bit. Per update, for
;; every model of the group:
;; - ranges: for every unit, R = the points with z ≥ 0 and A = those with
;;   z > 0. When the points are finite and ascending and w0, b0 are finite, z
;;   is monotone in p (every float operation rounds monotonically), so R and
;;   A are a prefix or a suffix of the points, found by bisection (started at
;;   the previous update's boundary). A unit with a NaN w0 or b0 has z NaN at
;;   every point: R and A are empty (a diverged model costs next to nothing).
;;   Otherwise R is every point and A none.
;;   Outside R the JavaScript loop adds nothing, so only R is visited.
;; - forward, unit by unit in order, over the blocks of 4 points (lanes =
;;   points) that meet the unit's R: z = w0·x + b0 in float32 (f32x4.mul then
;;   f32x4.add, each rounded, as a float32 device does; no FMA), and
;;   sum[p] += w1·relu(z) in float64. Every point's sum gets the units in the
;;   JavaScript loop's order, with no cross-lane reduction. Then the residuals r.
;; Then, for the whole group:
;; - loss: Σ r² and Σ r of each model in point order, four models side by side
;;   (lanes = models), so that their sums do not wait on each other.
;; - backward, 4 lanes per block, a lane being one unit of one model (lanes
;;   = units of the group's models, sorted by their ranges so that a block's
;;   ranges are alike), over the hull of the block's R's, the points in order:
;;   the per-unit sums gw0, gb0, gw1 accumulate in float64 lanes, each unit in
;;   the JavaScript loop's order, each lane reading its own model's residuals.
;;   z is recomputed. Where all four lanes have z > 0 (the intersection of
;;   their A's) no masking is needed. A block whose two pairs of lanes have
;;   hulls shorter than its own by enough runs as two pairs, each over its
;;   own hull with half the arithmetic ($pairFast32, $pairFast64): one model's
;;   few units often have ranges that are prefixes and suffixes of the points.
;; - the gradient and the update, model by model.
;;
;; Exactness of the fast paths. They add w1·(+0) (forward) and r·(+0),
;; (+0)·w1, (+0)·x (backward) where the JavaScript loop skips a unit with z ≤ 0.
;; Those are ±0 when the other factor is finite, and a sum that starts at +0
;; never becomes −0, so adding ±0 changes nothing. Otherwise they are NaN:
;; - forward: `safe` is set when some w1 is not finite, and the products are
;;   masked after the multiplication instead;
;; - backward: a block whose sums are not all finite, or that met a z exactly
;;   0, is run again by the slow path, which masks after every
;;   multiplication and takes relu'(0) for the z = 0 lanes (the fixed value,
;;   or the hash draw of (model's update, p·H + j)). Except when relu'(0) is
;;   the fixed 0 and r·w1 is finite: then the loop adds r·w1·0 = ±0 for a
;;   z = 0 lane, as the fast path does, and the fast path stands with its
;;   count of the z = 0 lanes (a zero-initialised hidden layer under
;;   relu'(0) = 0 meets z = 0 at every point of every update).
;;
;; Memory (set up by the host, byte addresses, 16-byte aligned): x and y (P
;; padded to a multiple of 4), x as float64 (float32 kernel only), the sums
;; and then residuals of G models (float64, rows of P padded to a multiple
;; of 4), the seeds' hashes (i32), Adam's schedule, the packed output rows
;; (the host copies the input state into them) and a work area of
;; workBytes(H, G) bytes (see $layout). Padding units (H up to a multiple of
;; 4) have w0 = 0, b0 = −1, w1 = 0, so z = −1 < 0. The memory only grows;
;; the host grows it.
(module
  (memory (export "memory") 1)

  ;; lowbias32, as hash32 in lib/math/random.ts.
  (func $hash32 (param $x i32) (result i32)
    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 16))))
    (local.set $x (i32.mul (local.get $x) (i32.const 0x7feb352d)))
    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 15))))
    (local.set $x (i32.mul (local.get $x) (i32.const 0x846ca68b)))
    (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 16))))

  ;; relu'(0) at index idx = p·H + j: the fixed value, or (hash32(stepHash ^ idx) >>> 8) / 2^24 when `random`.
  (func $gradAtZero (param $stepHash i32) (param $idx i32) (param $random i32) (param $fixedGradAtZero f64) (result f64)
    (if (result f64) (local.get $random)
      (then
        (f64.div
          (f64.convert_i32_u
            (i32.shr_u (call $hash32 (i32.xor (local.get $stepHash) (local.get $idx))) (i32.const 8)))
          (f64.const 16777216)))
      (else (local.get $fixedGradAtZero))))

  ;; relu'(0) of two lanes as float64: lane 0 (its model's step hash hashA, index
  ;; idxA) when bit 0 of bits is set, lane 1 (hashB, idxB) when bit 1 is; 0 in
  ;; the other lanes.
  (func $gradPair (param $bits i32) (param $hashA i32) (param $idxA i32) (param $hashB i32) (param $idxB i32)
      (param $random i32) (param $fixedGradAtZero f64) (result v128)
    (local $g v128)
    (if (i32.and (local.get $bits) (i32.const 1))
      (then
        (local.set $g
          (f64x2.replace_lane 0 (local.get $g)
            (call $gradAtZero (local.get $hashA) (local.get $idxA) (local.get $random) (local.get $fixedGradAtZero))))))
    (if (i32.and (local.get $bits) (i32.const 2))
      (then
        (local.set $g
          (f64x2.replace_lane 1 (local.get $g)
            (call $gradAtZero (local.get $hashB) (local.get $idxB) (local.get $random) (local.get $fixedGradAtZero))))))
    (local.get $g))

  ;; 1 when every lane of the six float64 sums is finite.
  (func $finite6 (param $a v128) (param $b v128) (param $c v128) (param $d v128) (param $e v128) (param $f v128)
      (result i32)
    (i64x2.all_true
      (v128.and
        (v128.and
          (v128.and
            (f64x2.lt (f64x2.abs (local.get $a)) (v128.const f64x2 inf inf))
            (f64x2.lt (f64x2.abs (local.get $b)) (v128.const f64x2 inf inf)))
          (v128.and
            (f64x2.lt (f64x2.abs (local.get $c)) (v128.const f64x2 inf inf))
            (f64x2.lt (f64x2.abs (local.get $d)) (v128.const f64x2 inf inf))))
        (v128.and
          (f64x2.lt (f64x2.abs (local.get $e)) (v128.const f64x2 inf inf))
          (f64x2.lt (f64x2.abs (local.get $f)) (v128.const f64x2 inf inf))))))

  ;; Whether relu'(0) is the fixed value 0 (not drawn): then a lane with z = 0
  ;; adds r·w1·0 = ±0 to gw0 and gb0 and nothing to gw1 in the JavaScript
  ;; loop, which is what the fast path adds for it (r·(+0), (+0)·w1, (+0)·x)
  ;; whenever r·w1 is finite: its sums stand, and only the count is owed.
  (func $zeroGrad (param $random i32) (param $fixedGradAtZero f64) (result i32)
    (i32.and (i32.eqz (local.get $random)) (f64.eq (local.get $fixedGradAtZero) (f64.const 0))))

  ;; Float64 only (a float32 r·w1 is always finite in float64): r·w1 is
  ;; finite for the 4 lanes of a block (pLanes: its lane numbers) when each
  ;; lane's model has a finite Σ r² (so |r| < 2^512) and |w1| < 2^511.
  (func $bounded64 (param $pLanes i32) (param $Hp i32) (param $pLoss i32) (param $w1lo v128) (param $w1hi v128)
      (result i32)
    (local $i i32) (local $ok i32)
    (local.set $ok
      (i64x2.all_true
        (v128.and
          (f64x2.lt (f64x2.abs (local.get $w1lo)) (v128.const f64x2 0x1p+511 0x1p+511))
          (f64x2.lt (f64x2.abs (local.get $w1hi)) (v128.const f64x2 0x1p+511 0x1p+511)))))
    (loop $lanes
      (local.set $ok
        (i32.and (local.get $ok)
          (f64.lt
            (f64.load
              (i32.add (local.get $pLoss)
                (i32.shl
                  (i32.div_u (i32.load (i32.add (local.get $pLanes) (i32.shl (local.get $i) (i32.const 2)))) (local.get $Hp))
                  (i32.const 3))))
            (f64.const inf))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $lanes (i32.lt_u (local.get $i) (i32.const 4))))
    (local.get $ok))

  ;; Adds n to the zero count (pZeros[model], i32) of lane i of a block.
  (func $addZeros (param $pLanes i32) (param $i i32) (param $Hp i32) (param $pZeros i32) (param $n i32)
    (local $at i32)
    (local.set $at
      (i32.add (local.get $pZeros)
        (i32.shl
          (i32.div_u (i32.load (i32.add (local.get $pLanes) (i32.shl (local.get $i) (i32.const 2)))) (local.get $Hp))
          (i32.const 2))))
    (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (local.get $n))))

  ;; Whether a block's fast-path sums stand: they are finite, and no lane met
  ;; z = 0 (counts: each lane's number of z = 0), or zeroOk (see $zeroGrad
  ;; and $bounded64), in which case the counts are added to the lanes' models.
  ;; Otherwise the slow path runs the block again, and counts.
  (func $fastStands (param $finite i32) (param $counts v128) (param $zeroOk i32) (param $pLanes i32) (param $Hp i32)
      (param $pZeros i32) (result i32)
    (if (i32.eqz (local.get $finite)) (then (return (i32.const 0))))
    (if (i32.eqz (v128.any_true (local.get $counts))) (then (return (i32.const 1))))
    (if (i32.eqz (local.get $zeroOk)) (then (return (i32.const 0))))
    (call $addZeros (local.get $pLanes) (i32.const 0) (local.get $Hp) (local.get $pZeros) (i32x4.extract_lane 0 (local.get $counts)))
    (call $addZeros (local.get $pLanes) (i32.const 1) (local.get $Hp) (local.get $pZeros) (i32x4.extract_lane 1 (local.get $counts)))
    (call $addZeros (local.get $pLanes) (i32.const 2) (local.get $Hp) (local.get $pZeros) (i32x4.extract_lane 2 (local.get $counts)))
    (call $addZeros (local.get $pLanes) (i32.const 3) (local.get $Hp) (local.get $pZeros) (i32x4.extract_lane 3 (local.get $counts)))
    (i32.const 1))

  ;; Frozen units (float32; see $ranges32): with relu'(0) the fixed 0, a unit with w0 = b0 = ±0 on finite
  ;; inputs has z = 0 at every point, where the JavaScript loop adds r·w1·0 to gw0 and gb0 and nothing else: ±0,
  ;; which changes no sum, when r·w1 is finite; so it is left out of both passes, and its P zeros are counted at
  ;; once. r·w1 is finite when the model's Σ r² is (so |r| < 2^512) and w1 is finite. For each of the K
  ;; models (rows rowBytes apart from pRows) that has frozen units (a zero count above 0 before the backward
  ;; pass) and fails that test, the units are given back: b0 as it is, R every point, A none, key 0, and the
  ;; count 0 (the slow path counts them).
  (func $unfreeze32 (param $P i32) (param $H i32) (param $Hp i32) (param $K i32) (param $pRows i32) (param $rowBytes i32)
      (param $pB0 i32) (param $pRange i32) (param $pKey i32) (param $pLoss i32) (param $pZeros i32)
    (local $k i32) (local $j i32) (local $row i32) (local $ok i32) (local $l i32)
    (block $done
      (loop $models
        (br_if $done (i32.ge_s (local.get $k) (local.get $K)))
        (if (i32.gt_s (i32.load (i32.add (local.get $pZeros) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 0))
          (then
            (local.set $row (i32.add (local.get $pRows) (i32.mul (local.get $k) (local.get $rowBytes))))
            (local.set $ok (f64.lt (f64.load (i32.add (local.get $pLoss) (i32.shl (local.get $k) (i32.const 3)))) (f64.const inf)))
            (local.set $j (i32.const 0))
            (loop $check
              (if (call $frozen32 (local.get $row) (local.get $H) (local.get $j))
                (then
                  (local.set $ok
                    (i32.and (local.get $ok)
                      (f32.lt
                        (f32.abs (f32.load (i32.add (local.get $row)
                          (i32.shl (i32.add (local.get $j) (i32.shl (local.get $H) (i32.const 1))) (i32.const 2)))))
                        (f32.const inf))))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $check (i32.lt_s (local.get $j) (local.get $H))))
            (if (i32.eqz (local.get $ok))
              (then
                (i32.store (i32.add (local.get $pZeros) (i32.shl (local.get $k) (i32.const 2))) (i32.const 0))
                (local.set $j (i32.const 0))
                (loop $give
                  (if (call $frozen32 (local.get $row) (local.get $H) (local.get $j))
                    (then
                      (local.set $l (i32.add (i32.mul (local.get $k) (local.get $Hp)) (local.get $j)))
                      (f32.store (i32.add (local.get $pB0) (i32.shl (local.get $l) (i32.const 2)))
                        (f32.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $j) (local.get $H)) (i32.const 2)))))
                      (call $setRange (i32.add (local.get $pRange) (i32.shl (local.get $l) (i32.const 4))) (local.get $P)
                        (i32.const 0) (local.get $P) (i32.const 0) (i32.const 0))
                      (i32.store (i32.add (local.get $pKey) (i32.shl (local.get $l) (i32.const 2))) (i32.const 0))))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br_if $give (i32.lt_s (local.get $j) (local.get $H))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $models))))

  ;; Whether unit j of the packed row has w0 = b0 = ±0 (float32).
  (func $frozen32 (param $row i32) (param $H i32) (param $j i32) (result i32)
    (i32.and
      (f32.eq (f32.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))) (f32.const 0))
      (f32.eq (f32.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $j) (local.get $H)) (i32.const 2)))) (f32.const 0))))

  ;; Frozen units (float64; see $ranges64): with relu'(0) the fixed 0, a unit with w0 = b0 = ±0 on finite
  ;; inputs has z = 0 at every point, where the JavaScript loop adds r·w1·0 to gw0 and gb0 and nothing else: ±0,
  ;; which changes no sum, when r·w1 is finite; so it is left out of both passes, and its P zeros are counted at
  ;; once. r·w1 is finite when the model's Σ r² is (so |r| < 2^512) and w1 is below 2^511. For each of the K
  ;; models (rows rowBytes apart from pRows) that has frozen units (a zero count above 0 before the backward
  ;; pass) and fails that test, the units are given back: b0 as it is, R every point, A none, key 0, and the
  ;; count 0 (the slow path counts them).
  (func $unfreeze64 (param $P i32) (param $H i32) (param $Hp i32) (param $K i32) (param $pRows i32) (param $rowBytes i32)
      (param $pB0 i32) (param $pRange i32) (param $pKey i32) (param $pLoss i32) (param $pZeros i32)
    (local $k i32) (local $j i32) (local $row i32) (local $ok i32) (local $l i32)
    (block $done
      (loop $models
        (br_if $done (i32.ge_s (local.get $k) (local.get $K)))
        (if (i32.gt_s (i32.load (i32.add (local.get $pZeros) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 0))
          (then
            (local.set $row (i32.add (local.get $pRows) (i32.mul (local.get $k) (local.get $rowBytes))))
            (local.set $ok (f64.lt (f64.load (i32.add (local.get $pLoss) (i32.shl (local.get $k) (i32.const 3)))) (f64.const inf)))
            (local.set $j (i32.const 0))
            (loop $check
              (if (call $frozen64 (local.get $row) (local.get $H) (local.get $j))
                (then
                  (local.set $ok
                    (i32.and (local.get $ok)
                      (f64.lt
                        (f64.abs (f64.load (i32.add (local.get $row)
                          (i32.shl (i32.add (local.get $j) (i32.shl (local.get $H) (i32.const 1))) (i32.const 3)))))
                        (f64.const 0x1p+511))))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $check (i32.lt_s (local.get $j) (local.get $H))))
            (if (i32.eqz (local.get $ok))
              (then
                (i32.store (i32.add (local.get $pZeros) (i32.shl (local.get $k) (i32.const 2))) (i32.const 0))
                (local.set $j (i32.const 0))
                (loop $give
                  (if (call $frozen64 (local.get $row) (local.get $H) (local.get $j))
                    (then
                      (local.set $l (i32.add (i32.mul (local.get $k) (local.get $Hp)) (local.get $j)))
                      (f64.store (i32.add (local.get $pB0) (i32.shl (local.get $l) (i32.const 3)))
                        (f64.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $j) (local.get $H)) (i32.const 3)))))
                      (call $setRange (i32.add (local.get $pRange) (i32.shl (local.get $l) (i32.const 4))) (local.get $P)
                        (i32.const 0) (local.get $P) (i32.const 0) (i32.const 0))
                      (i32.store (i32.add (local.get $pKey) (i32.shl (local.get $l) (i32.const 2))) (i32.const 0))))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br_if $give (i32.lt_s (local.get $j) (local.get $H))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $models))))

  ;; Whether unit j of the packed row has w0 = b0 = ±0 (float64).
  (func $frozen64 (param $row i32) (param $H i32) (param $j i32) (result i32)
    (i32.and
      (f64.eq (f64.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3)))) (f64.const 0))
      (f64.eq (f64.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $j) (local.get $H)) (i32.const 3)))) (f64.const 0))))

  ;; Stores a block's six sums (gw0, gb0, gw1 of its 4 lanes) at pBlock.
  (func $storeBlock (param $pBlock i32) (param $gw0lo v128) (param $gw0hi v128) (param $gb0lo v128) (param $gb0hi v128)
      (param $gw1lo v128) (param $gw1hi v128)
    (v128.store (local.get $pBlock) (local.get $gw0lo))
    (v128.store offset=16 (local.get $pBlock) (local.get $gw0hi))
    (v128.store offset=32 (local.get $pBlock) (local.get $gb0lo))
    (v128.store offset=48 (local.get $pBlock) (local.get $gb0hi))
    (v128.store offset=64 (local.get $pBlock) (local.get $gw1lo))
    (v128.store offset=80 (local.get $pBlock) (local.get $gw1hi)))

  ;; Copies a block's sums to the lanes it holds (pPerm: the block's 4 lane
  ;; numbers; a padding lane's sums land in its own slot, which nothing reads).
  (func $scatter (param $pPerm i32) (param $pBlock i32) (param $pGw0 i32) (param $pGb0 i32) (param $pGw1 i32)
    (local $l i32) (local $u i32) (local $src i32)
    (loop $lanes
      (local.set $u (i32.shl (i32.load (i32.add (local.get $pPerm) (i32.shl (local.get $l) (i32.const 2)))) (i32.const 3)))
      (local.set $src (i32.add (local.get $pBlock) (i32.shl (local.get $l) (i32.const 3))))
      (f64.store (i32.add (local.get $pGw0) (local.get $u)) (f64.load (local.get $src)))
      (f64.store (i32.add (local.get $pGb0) (local.get $u)) (f64.load offset=32 (local.get $src)))
      (f64.store (i32.add (local.get $pGw1) (local.get $u)) (f64.load offset=64 (local.get $src)))
      (local.set $l (i32.add (local.get $l) (i32.const 1)))
      (br_if $lanes (i32.lt_u (local.get $l) (i32.const 4)))))

  ;; ------------------------------------------------------------ the work area

  ;; The work area of a call with Hp padded units and groups of G models, from
  ;; pWork (L = G·Hp lanes; 16-byte aligned): w0, b0, w1 per lane (8L each;
  ;; float32 w0 and b0 use half), the sums gw0, gb0, gw1 per lane (8L each),
  ;; one model's gradient (24·Hp + 16), the lanes' ranges (16L), sort keys
  ;; (4L), order (4L), buckets (8L), bisection hints (4L) and residual rows
  ;; (4L), per model of the group Σ r², Σ r (8 each), zero count and step
  ;; hash (4 each; room for G rounded up to a multiple of 4), one block's sums
  ;; (96). Returns each region's address, then the end.
  (func $layout (param $pWork i32) (param $Hp i32) (param $G i32)
      (result i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    (local $L i32) (local $Gq i32)
    (local.set $L (i32.mul (local.get $G) (local.get $Hp)))
    (local.set $Gq (i32.and (i32.add (local.get $G) (i32.const 3)) (i32.const -4)))
    (local.get $pWork)                                                           ;; w0
    (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 8)))          ;; b0
    (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 16)))         ;; w1
    (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 24)))         ;; gw0
    (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 32)))         ;; gb0
    (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 40)))         ;; gw1
    (local.set $pWork (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 48))))
    (local.get $pWork)                                                           ;; gradient
    (local.set $pWork (i32.add (local.get $pWork) (i32.add (i32.mul (local.get $Hp) (i32.const 24)) (i32.const 16))))
    (local.get $pWork)                                                           ;; ranges
    (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 16)))         ;; keys
    (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 20)))         ;; order
    (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 24)))         ;; buckets
    (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 32)))         ;; hints
    (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 36)))         ;; residual rows
    (local.set $pWork (i32.add (local.get $pWork) (i32.mul (local.get $L) (i32.const 40))))
    (local.get $pWork)                                                           ;; Σ r²
    (i32.add (local.get $pWork) (i32.mul (local.get $Gq) (i32.const 8)))         ;; Σ r
    (i32.add (local.get $pWork) (i32.mul (local.get $Gq) (i32.const 16)))        ;; zero counts
    (i32.add (local.get $pWork) (i32.mul (local.get $Gq) (i32.const 20)))        ;; step hashes
    (local.set $pWork (i32.add (local.get $pWork) (i32.mul (local.get $Gq) (i32.const 24))))
    (local.get $pWork)                                                           ;; one block's sums
    (i32.add (local.get $pWork) (i32.const 96)))                                 ;; end

  ;; The bytes of the work area for H hidden units and groups of G models.
  (func (export "workBytes") (param $H i32) (param $G i32) (result i32)
    (local $end i32)
    (call $layout (i32.const 0) (i32.and (i32.add (local.get $H) (i32.const 3)) (i32.const -4)) (local.get $G))
    (local.set $end)
    (drop) (drop) (drop) (drop) (drop) (drop) (drop) (drop) (drop)
    (drop) (drop) (drop) (drop) (drop) (drop) (drop) (drop) (drop)
    (local.get $end))

  ;; pRow[l] for the n lanes: the residual row of lane l's model, pR + (l / Hp)·rowBytes.
  (func $laneRows (param $n i32) (param $Hp i32) (param $pR i32) (param $rowBytes i32) (param $pRow i32)
    (local $l i32)
    (block $done
      (loop $lanes
        (br_if $done (i32.ge_s (local.get $l) (local.get $n)))
        (i32.store (i32.add (local.get $pRow) (i32.shl (local.get $l) (i32.const 2)))
          (i32.add (local.get $pR) (i32.mul (i32.div_u (local.get $l) (local.get $Hp)) (local.get $rowBytes))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $lanes))))

  ;; n copies of the i32 v from pA.
  (func $fill32 (param $pA i32) (param $n i32) (param $v i32)
    (block $done
      (loop $fill
        (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (i32.store (i32.add (local.get $pA) (i32.shl (local.get $n) (i32.const 2))) (local.get $v))
        (br $fill))))

  ;; The padding units H..Hp-1 of the G models' lanes: w0 = 0, b0 = −1, w1 = 0
  ;; (so z = −1 < 0), w0 and b0 in float32 (`wide` = 0) or float64 (1).
  (func $padUnits (param $G i32) (param $H i32) (param $Hp i32) (param $pW0 i32) (param $pB0 i32) (param $pW1 i32)
      (param $wide i32)
    (local $k i32) (local $j i32) (local $l i32)
    (block $done
      (loop $models
        (br_if $done (i32.ge_s (local.get $k) (local.get $G)))
        (local.set $j (local.get $H))
        (block $padded
          (loop $pad
            (br_if $padded (i32.ge_s (local.get $j) (local.get $Hp)))
            (local.set $l (i32.add (i32.mul (local.get $k) (local.get $Hp)) (local.get $j)))
            (if (local.get $wide)
              (then
                (f64.store (i32.add (local.get $pW0) (i32.shl (local.get $l) (i32.const 3))) (f64.const 0))
                (f64.store (i32.add (local.get $pB0) (i32.shl (local.get $l) (i32.const 3))) (f64.const -1)))
              (else
                (f32.store (i32.add (local.get $pW0) (i32.shl (local.get $l) (i32.const 2))) (f32.const 0))
                (f32.store (i32.add (local.get $pB0) (i32.shl (local.get $l) (i32.const 2))) (f32.const -1))))
            (f64.store (i32.add (local.get $pW1) (i32.shl (local.get $l) (i32.const 3))) (f64.const 0))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $pad)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $models))))

  ;; ------------------------------------------------------------ unit ranges

  (func $min (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.lt_s (local.get $a) (local.get $b))))

  (func $max (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.gt_s (local.get $a) (local.get $b))))

  ;; Stores unit j's record at `at`: R = [rs, re) holds every point with z ≥ 0,
  ;; A = [as, ae) every point with z > 0 (A ⊆ R; an empty R is stored as
  ;; [P, 0) and its A as [0, 0)).
  (func $setRange (param $at i32) (param $P i32) (param $rs i32) (param $re i32) (param $as i32) (param $ae i32)
    (if (i32.ge_s (local.get $rs) (local.get $re))
      (then
        (local.set $rs (local.get $P))
        (local.set $re (i32.const 0))
        (local.set $as (i32.const 0))
        (local.set $ae (i32.const 0))))
    (i32.store (local.get $at) (local.get $rs))
    (i32.store offset=4 (local.get $at) (local.get $re))
    (i32.store offset=8 (local.get $at) (local.get $as))
    (i32.store offset=12 (local.get $at) (local.get $ae)))

  ;; Records of the padding units H..Hp-1: R empty, A everything (so that they
  ;; constrain neither a block's hull nor the intersection of its A's), and
  ;; the key 2P + 2, above every unit's, so that they sort last.
  (func $padRanges (param $P i32) (param $H i32) (param $Hp i32) (param $pRange i32) (param $pKey i32)
    (local $j i32) (local $at i32)
    (local.set $j (local.get $H))
    (block $done
      (loop $pad
        (br_if $done (i32.ge_s (local.get $j) (local.get $Hp)))
        (local.set $at (i32.add (local.get $pRange) (i32.shl (local.get $j) (i32.const 4))))
        (i32.store (local.get $at) (local.get $P))
        (i32.store offset=4 (local.get $at) (i32.const 0))
        (i32.store offset=8 (local.get $at) (i32.const 0))
        (i32.store offset=12 (local.get $at) (local.get $P))
        (i32.store (i32.add (local.get $pKey) (i32.shl (local.get $j) (i32.const 2)))
          (i32.add (i32.shl (local.get $P) (i32.const 1)) (i32.const 2)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $pad))))

  ;; Without a known order of the points: every unit's R is all points, its A
  ;; unknown (empty), its key 0.
  (func $fullRanges (param $P i32) (param $H i32) (param $Hp i32) (param $pRange i32) (param $pKey i32)
    (local $j i32)
    (block $done
      (loop $units
        (br_if $done (i32.ge_s (local.get $j) (local.get $H)))
        (call $setRange (i32.add (local.get $pRange) (i32.shl (local.get $j) (i32.const 4))) (local.get $P)
          (i32.const 0) (local.get $P) (i32.const 0) (i32.const 0))
        (i32.store (i32.add (local.get $pKey) (i32.shl (local.get $j) (i32.const 2))) (i32.const 0))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $units)))
    (call $padRanges (local.get $P) (local.get $H) (local.get $Hp) (local.get $pRange) (local.get $pKey)))

  ;; Orders the n lanes (the units of a group of models, padding included) into
  ;; blocks of 4 with similar ranges: pPerm[0..n) gets the lanes by bucket of
  ;; key (a stable counting sort into 2n buckets of keys in [0, maxKey]). Keys
  ;; are replaced by their buckets. Only speed depends on this order.
  (func $sortLanes (param $n i32) (param $maxKey i32) (param $pKey i32) (param $pCount i32) (param $pPerm i32)
    (local $nb i32) (local $j i32) (local $b i32) (local $sum i32) (local $c i32) (local $at i32) (local $scale i64)
    (local.set $nb (i32.shl (local.get $n) (i32.const 1)))
    ;; bucket = key·nb / (maxKey + 1), rounded down, as (key·scale) >> 32
    (local.set $scale
      (i64.div_u (i64.shl (i64.extend_i32_u (local.get $nb)) (i64.const 32))
        (i64.add (i64.extend_i32_u (local.get $maxKey)) (i64.const 1))))
    (local.set $j (i32.const 0))
    (loop $clear
      (i32.store (i32.add (local.get $pCount) (i32.shl (local.get $j) (i32.const 2))) (i32.const 0))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $clear (i32.lt_s (local.get $j) (local.get $nb))))
    (local.set $j (i32.const 0))
    (loop $count
      (local.set $at (i32.add (local.get $pKey) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $b
        (i32.wrap_i64
          (i64.shr_u (i64.mul (i64.extend_i32_u (i32.load (local.get $at))) (local.get $scale)) (i64.const 32))))
      (i32.store (local.get $at) (local.get $b))
      (local.set $at (i32.add (local.get $pCount) (i32.shl (local.get $b) (i32.const 2))))
      (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $count (i32.lt_s (local.get $j) (local.get $n))))
    (local.set $j (i32.const 0))
    (loop $prefix
      (local.set $at (i32.add (local.get $pCount) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $c (i32.load (local.get $at)))
      (i32.store (local.get $at) (local.get $sum))
      (local.set $sum (i32.add (local.get $sum) (local.get $c)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $prefix (i32.lt_s (local.get $j) (local.get $nb))))
    (local.set $j (i32.const 0))
    (loop $place
      (local.set $at
        (i32.add (local.get $pCount)
          (i32.shl (i32.load (i32.add (local.get $pKey) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2))))
      (local.set $c (i32.load (local.get $at)))
      (i32.store (i32.add (local.get $pPerm) (i32.shl (local.get $c) (i32.const 2))) (local.get $j))
      (i32.store (local.get $at) (i32.add (local.get $c) (i32.const 1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $place (i32.lt_s (local.get $j) (local.get $n)))))

  ;; Of n units (pPerm: their numbers; a block's 4, or 2 of them): the hull
  ;; [lo, hi) of their R's and the intersection [fa, fe) of their A's, as they
  ;; are (see $span).
  (func $rawRange (param $pPerm i32) (param $pRange i32) (param $n i32) (result i32 i32 i32 i32)
    (local $l i32) (local $at i32) (local $lo i32) (local $hi i32) (local $fa i32) (local $fe i32)
    (local.set $lo (i32.const 0x7fffffff))
    (local.set $fe (i32.const 0x7fffffff))
    (loop $lanes
      (local.set $at
        (i32.add (local.get $pRange)
          (i32.shl (i32.load (i32.add (local.get $pPerm) (i32.shl (local.get $l) (i32.const 2)))) (i32.const 4))))
      (local.set $lo (call $min (local.get $lo) (i32.load (local.get $at))))
      (local.set $hi (call $max (local.get $hi) (i32.load offset=4 (local.get $at))))
      (local.set $fa (call $max (local.get $fa) (i32.load offset=8 (local.get $at))))
      (local.set $fe (call $min (local.get $fe) (i32.load offset=12 (local.get $at))))
      (local.set $l (i32.add (local.get $l) (i32.const 1)))
      (br_if $lanes (i32.lt_u (local.get $l) (local.get $n))))
    (local.get $lo) (local.get $hi) (local.get $fa) (local.get $fe))

  ;; The points that units with hull [lo, hi) and A's intersection [fa, fe)
  ;; must visit: [lo, hi), and inside it [flo, fhi), where every lane has
  ;; z > 0. All 0 when no lane has a point with z ≥ 0.
  (func $span (param $lo i32) (param $hi i32) (param $fa i32) (param $fe i32) (result i32 i32 i32 i32)
    (local $flo i32)
    (if (i32.ge_s (local.get $lo) (local.get $hi))
      (then (return (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))))
    (local.set $flo (call $min (call $max (local.get $fa) (local.get $lo)) (local.get $hi)))
    (local.get $lo)
    (local.get $flo)
    (call $min (call $max (local.get $fe) (local.get $flo)) (local.get $hi))
    (local.get $hi))

  ;; The points a block of 4 units (pPerm: their numbers) must visit (see $span).
  (func $blockRange (param $pPerm i32) (param $pRange i32) (result i32 i32 i32 i32)
    (call $rawRange (local.get $pPerm) (local.get $pRange) (i32.const 4))
    (call $span))

  ;; Σ r² and Σ r over the first P residuals of each of K models (float64 rows
  ;; rowBytes apart at pR), each in point order, into pLoss[k] and pGb1[k]
  ;; (float64). Lanes hold models, four at a time (then two, then one), so
  ;; that their sums run side by side.
  (func $lossGroup (param $P i32) (param $K i32) (param $pR i32) (param $rowBytes i32) (param $pLoss i32) (param $pGb1 i32)
    (local $k i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $q i32) (local $stop i32)
    (local $r1 v128) (local $r2 v128) (local $l1 v128) (local $l2 v128) (local $s1 v128) (local $s2 v128)
    (local $t f64) (local $loss f64) (local $sum f64)
    (local.set $stop (i32.shl (local.get $P) (i32.const 3)))
    (block $done
      (loop $quads
        (br_if $done (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $K)))
        (local.set $a (i32.add (local.get $pR) (i32.mul (local.get $k) (local.get $rowBytes))))
        (local.set $b (i32.add (local.get $a) (local.get $rowBytes)))
        (local.set $c (i32.add (local.get $b) (local.get $rowBytes)))
        (local.set $d (i32.add (local.get $c) (local.get $rowBytes)))
        (local.set $l1 (v128.const i64x2 0 0))
        (local.set $l2 (v128.const i64x2 0 0))
        (local.set $s1 (v128.const i64x2 0 0))
        (local.set $s2 (v128.const i64x2 0 0))
        (local.set $q (i32.const 0))
        (block $summed
          (loop $points
            (br_if $summed (i32.ge_s (local.get $q) (local.get $stop)))
            (local.set $r1
              (v128.load64_lane 1 (i32.add (local.get $b) (local.get $q))
                (v128.load64_splat (i32.add (local.get $a) (local.get $q)))))
            (local.set $r2
              (v128.load64_lane 1 (i32.add (local.get $d) (local.get $q))
                (v128.load64_splat (i32.add (local.get $c) (local.get $q)))))
            (local.set $l1 (f64x2.add (local.get $l1) (f64x2.mul (local.get $r1) (local.get $r1))))
            (local.set $s1 (f64x2.add (local.get $s1) (local.get $r1)))
            (local.set $l2 (f64x2.add (local.get $l2) (f64x2.mul (local.get $r2) (local.get $r2))))
            (local.set $s2 (f64x2.add (local.get $s2) (local.get $r2)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $points)))
        (local.set $a (i32.shl (local.get $k) (i32.const 3)))
        (v128.store (i32.add (local.get $pLoss) (local.get $a)) (local.get $l1))
        (v128.store offset=16 (i32.add (local.get $pLoss) (local.get $a)) (local.get $l2))
        (v128.store (i32.add (local.get $pGb1) (local.get $a)) (local.get $s1))
        (v128.store offset=16 (i32.add (local.get $pGb1) (local.get $a)) (local.get $s2))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $quads)))
    (if (i32.ge_s (i32.sub (local.get $K) (local.get $k)) (i32.const 2))
      (then
        (local.set $a (i32.add (local.get $pR) (i32.mul (local.get $k) (local.get $rowBytes))))
        (local.set $b (i32.add (local.get $a) (local.get $rowBytes)))
        (local.set $l1 (v128.const i64x2 0 0))
        (local.set $s1 (v128.const i64x2 0 0))
        (local.set $q (i32.const 0))
        (block $summed
          (loop $points
            (br_if $summed (i32.ge_s (local.get $q) (local.get $stop)))
            (local.set $r1
              (v128.load64_lane 1 (i32.add (local.get $b) (local.get $q))
                (v128.load64_splat (i32.add (local.get $a) (local.get $q)))))
            (local.set $l1 (f64x2.add (local.get $l1) (f64x2.mul (local.get $r1) (local.get $r1))))
            (local.set $s1 (f64x2.add (local.get $s1) (local.get $r1)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $points)))
        (v128.store (i32.add (local.get $pLoss) (i32.shl (local.get $k) (i32.const 3))) (local.get $l1))
        (v128.store (i32.add (local.get $pGb1) (i32.shl (local.get $k) (i32.const 3))) (local.get $s1))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))))
    (if (i32.lt_s (local.get $k) (local.get $K))
      (then
        (local.set $a (i32.add (local.get $pR) (i32.mul (local.get $k) (local.get $rowBytes))))
        (local.set $q (i32.const 0))
        (block $summed
          (loop $points
            (br_if $summed (i32.ge_s (local.get $q) (local.get $stop)))
            (local.set $t (f64.load (i32.add (local.get $a) (local.get $q))))
            (local.set $loss (f64.add (local.get $loss) (f64.mul (local.get $t) (local.get $t))))
            (local.set $sum (f64.add (local.get $sum) (local.get $t)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $points)))
        (f64.store (i32.add (local.get $pLoss) (i32.shl (local.get $k) (i32.const 3))) (local.get $loss))
        (f64.store (i32.add (local.get $pGb1) (i32.shl (local.get $k) (i32.const 3))) (local.get $sum)))))

  ;; Lane i of a block (pLanes: its 4 lane numbers; lane l is unit l mod Hp of
  ;; the group's model l / Hp): its model's step hash (pHash[model]) and its unit.
  (func $laneInfo (param $pLanes i32) (param $i i32) (param $Hp i32) (param $pHash i32) (result i32 i32)
    (local $l i32)
    (local.set $l (i32.load (i32.add (local.get $pLanes) (i32.shl (local.get $i) (i32.const 2)))))
    (i32.load (i32.add (local.get $pHash) (i32.shl (i32.div_u (local.get $l) (local.get $Hp)) (i32.const 2))))
    (i32.rem_u (local.get $l) (local.get $Hp)))

  ;; Adds 1 to the zero count (pZeros[model], i32) of each lane whose bit is set in bits.
  (func $countZeros (param $bits i32) (param $pLanes i32) (param $Hp i32) (param $pZeros i32)
    (local $i i32) (local $at i32)
    (loop $lanes
      (if (i32.and (local.get $bits) (i32.shl (i32.const 1) (local.get $i)))
        (then
          (local.set $at
            (i32.add (local.get $pZeros)
              (i32.shl
                (i32.div_u (i32.load (i32.add (local.get $pLanes) (i32.shl (local.get $i) (i32.const 2)))) (local.get $Hp))
                (i32.const 2))))
          (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $lanes (i32.lt_u (local.get $i) (i32.const 4)))))

  ;; ---------------------------------------------------------------- float32

  ;; z of point p as a float32 device computes it: f32(f32(w0·x[p]) + b0).
  (func $z32 (param $pX i32) (param $p i32) (param $w0 f32) (param $b0 f32) (result f32)
    (f32.add (f32.mul (local.get $w0) (f32.load (i32.add (local.get $pX) (i32.shl (local.get $p) (i32.const 2)))))
      (local.get $b0)))

  ;; The first p in [0, P) where pred(p) holds (P when none) for a predicate
  ;; that is false and then true: pred(p) = z(p) ≥ 0, or z(p) < 0 when `below`.
  ;; Probes around `hint` (the boundary of the previous update, or −1) first,
  ;; which settles a boundary that moved by at most one point; bisects otherwise.
  (func $first32 (param $pX i32) (param $P i32) (param $w0 f32) (param $b0 f32) (param $below i32) (param $hint i32)
      (result i32)
    (local $lo i32) (local $hi i32) (local $mid i32)
    (local.set $hi (local.get $P))
    (if (i32.and (i32.ge_s (local.get $hint) (i32.const 0)) (i32.le_s (local.get $hint) (local.get $P)))
      (then
        (if (i32.and (i32.gt_s (local.get $hint) (i32.const 0))
            (call $pred32 (local.get $pX) (i32.sub (local.get $hint) (i32.const 1)) (local.get $w0) (local.get $b0) (local.get $below)))
          (then
            ;; the boundary is at most hint − 1
            (local.set $hi (i32.sub (local.get $hint) (i32.const 1)))
            (if (i32.gt_s (local.get $hi) (i32.const 0))
              (then
                (if (call $pred32 (local.get $pX) (i32.sub (local.get $hi) (i32.const 1))
                    (local.get $w0) (local.get $b0) (local.get $below))
                  (then (local.set $hi (i32.sub (local.get $hi) (i32.const 1))))
                  (else (local.set $lo (local.get $hi)))))))
          (else
            ;; the boundary is at least hint
            (local.set $lo (local.get $hint))
            (if (i32.lt_s (local.get $hint) (local.get $P))
              (then
                (if (call $pred32 (local.get $pX) (local.get $hint) (local.get $w0) (local.get $b0) (local.get $below))
                  (then (local.set $hi (local.get $hint)))
                  (else
                    (local.set $lo (i32.add (local.get $hint) (i32.const 1)))
                    (if (i32.lt_s (local.get $lo) (local.get $P))
                      (then
                        (if (call $pred32 (local.get $pX) (local.get $lo) (local.get $w0) (local.get $b0) (local.get $below))
                          (then (local.set $hi (local.get $lo)))
                          (else (local.set $lo (i32.add (local.get $lo) (i32.const 1)))))))))))))))
    (block $found
      (loop $search
        (br_if $found (i32.ge_s (local.get $lo) (local.get $hi)))
        (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
        (if (call $pred32 (local.get $pX) (local.get $mid) (local.get $w0) (local.get $b0) (local.get $below))
          (then (local.set $hi (local.get $mid)))
          (else (local.set $lo (i32.add (local.get $mid) (i32.const 1)))))
        (br $search)))
    (local.get $lo))

  ;; z(p) ≥ 0, or z(p) < 0 when `below` (z is never NaN here: w0, b0 and x are finite).
  (func $pred32 (param $pX i32) (param $p i32) (param $w0 f32) (param $b0 f32) (param $below i32) (result i32)
    (i32.xor (f32.ge (call $z32 (local.get $pX) (local.get $p) (local.get $w0) (local.get $b0)) (f32.const 0))
      (local.get $below)))


  ;; The records of units 0..H-1 for points in ascending order (see $setRange)
  ;; and their sort keys: z is monotone in p, so R and A are a prefix or a
  ;; suffix, found by bisection. Keys: suffixes by start, then prefixes by end.
  (func $ranges32 (param $P i32) (param $H i32) (param $Hp i32) (param $pX i32) (param $pW0 i32) (param $pB0 i32)
      (param $pRange i32) (param $pKey i32) (param $pHint i32) (param $zeroGrad i32) (result i32)
    (local $j i32) (local $w0 f32) (local $b0 f32) (local $lo i32) (local $a i32)
    (local $at i32) (local $key i32) (local $frozen i32)
    (loop $units
      (local.set $w0 (f32.load (i32.add (local.get $pW0) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $b0 (f32.load (i32.add (local.get $pB0) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $at (i32.add (local.get $pRange) (i32.shl (local.get $j) (i32.const 4))))
      (if (i32.and (f32.lt (f32.abs (local.get $w0)) (f32.const inf)) (f32.lt (f32.abs (local.get $b0)) (f32.const inf)))
        (then
          (if (f32.gt (local.get $w0) (f32.const 0))
            (then
              ;; z rises with p: R from the first z ≥ 0, A from the first z > 0
              (local.set $lo
                (call $first32 (local.get $pX) (local.get $P) (local.get $w0) (local.get $b0) (i32.const 0)
                  (i32.load (i32.add (local.get $pHint) (i32.shl (local.get $j) (i32.const 2))))))
              (i32.store (i32.add (local.get $pHint) (i32.shl (local.get $j) (i32.const 2))) (local.get $lo))
              (local.set $a (local.get $lo))
              (block $scanned
                (loop $scan
                  (br_if $scanned (i32.ge_s (local.get $a) (local.get $P)))
                  (br_if $scanned (f32.ne (call $z32 (local.get $pX) (local.get $a) (local.get $w0) (local.get $b0)) (f32.const 0)))
                  (local.set $a (i32.add (local.get $a) (i32.const 1)))
                  (br $scan)))
              (call $setRange (local.get $at) (local.get $P) (local.get $lo) (local.get $P) (local.get $a) (local.get $P))
              (local.set $key (local.get $lo)))
            (else
              (if (f32.lt (local.get $w0) (f32.const 0))
                (then
                  ;; z falls with p: R up to the first z < 0, A up to the first z ≤ 0
                  (local.set $lo
                    (call $first32 (local.get $pX) (local.get $P) (local.get $w0) (local.get $b0) (i32.const 1)
                      (i32.load (i32.add (local.get $pHint) (i32.shl (local.get $j) (i32.const 2))))))
                  (i32.store (i32.add (local.get $pHint) (i32.shl (local.get $j) (i32.const 2))) (local.get $lo))
                  (local.set $a (local.get $lo))
                  (block $scanned
                    (loop $scan
                      (br_if $scanned (i32.le_s (local.get $a) (i32.const 0)))
                      (br_if $scanned
                        (f32.ne (call $z32 (local.get $pX) (i32.sub (local.get $a) (i32.const 1)) (local.get $w0) (local.get $b0))
                          (f32.const 0)))
                      (local.set $a (i32.sub (local.get $a) (i32.const 1)))
                      (br $scan)))
                  (call $setRange (local.get $at) (local.get $P) (i32.const 0) (local.get $lo) (i32.const 0) (local.get $a))
                  (local.set $key (i32.add (i32.add (local.get $P) (i32.const 1)) (local.get $lo))))
                (else
                  ;; w0 = ±0: z is b0 (±0 when b0 is ±0) at every point
                  (if (i32.and (local.get $zeroGrad) (f32.eq (local.get $b0) (f32.const 0)))
                    (then
                      ;; frozen (see $unfreeze32): z = 0 at every point, a dead unit's empty R, and b0 = −1 in
                      ;; the work area, so that the backward pass meets no z = 0 of it
                      (local.set $key (local.get $P))
                      (call $setRange (local.get $at) (local.get $P) (local.get $P) (local.get $P) (i32.const 0) (i32.const 0))
                      (f32.store (i32.add (local.get $pB0) (i32.shl (local.get $j) (i32.const 2))) (f32.const -1))
                      (local.set $frozen (i32.add (local.get $frozen) (i32.const 1))))
                    (else
                      (local.set $key (select (i32.const 0) (local.get $P) (f32.ge (local.get $b0) (f32.const 0))))
                      (call $setRange (local.get $at) (local.get $P) (local.get $key) (local.get $P) (i32.const 0)
                        (select (local.get $P) (i32.const 0) (f32.gt (local.get $b0) (f32.const 0)))))))))))
        (else
          ;; w0 or b0 not finite: NaN makes z NaN at every point, never ≥ 0 (R and A empty, as a dead unit's);
          ;; ±∞ alone leaves R every point, A none (the slow path takes what the fast one cannot)
          (local.set $key (select (local.get $P) (i32.const 0) (i32.or (f32.ne (local.get $w0) (local.get $w0)) (f32.ne (local.get $b0) (local.get $b0)))))
          (call $setRange (local.get $at) (local.get $P) (local.get $key) (local.get $P) (i32.const 0) (i32.const 0))))
      (i32.store (i32.add (local.get $pKey) (i32.shl (local.get $j) (i32.const 2))) (local.get $key))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $units (i32.lt_s (local.get $j) (local.get $H))))
    (call $padRanges (local.get $P) (local.get $H) (local.get $Hp) (local.get $pRange) (local.get $pKey))
    (local.get $frozen))

  ;; Forward pass: the sums Σ_j w1[j]·relu(z) accumulate in float64 at pR, unit
  ;; by unit in order (so every point's sum is the JavaScript loop's), each unit over
  ;; the blocks of 4 points that meet its R (lanes = points); then
  ;; r[p] = f32(f32(f32(sum) + b1) − y[p]) replaces the sum (as float64;
  ;; $lossGroup sums them).
  (func $forward32 (param $P i32) (param $H i32) (param $pX i32) (param $pY i32) (param $pR i32)
      (param $pW0 i32) (param $pB0 i32) (param $pW1 i32) (param $pRange i32) (param $b1 f32) (param $safe i32)
    (local $t0 i32) (local $pb i32) (local $end i32) (local $j i32) (local $at i32) (local $rng i32) (local $ax i32) (local $stop i32)
    (local $z v128) (local $a v128) (local $m v128) (local $w0 v128) (local $b0 v128) (local $w1 v128)
    (local $r v128)
    (local.set $end (i32.and (i32.add (local.get $P) (i32.const 3)) (i32.const -4)))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_s (local.get $pb) (local.get $end)))
        (local.set $at (i32.add (local.get $pR) (i32.shl (local.get $pb) (i32.const 3))))
        (v128.store (local.get $at) (v128.const i64x2 0 0))
        (v128.store offset=16 (local.get $at) (v128.const i64x2 0 0))
        (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
        (br $clear)))
    ;; tiles of 2048 points (their sums stay in the L1 cache), units in order in each
    (local.set $t0 (i32.const 0))
    (block $tilesDone
      (loop $tiles
        (br_if $tilesDone (i32.ge_s (local.get $t0) (local.get $P)))
        (local.set $j (i32.const 0))
        (block $unitsDone
          (loop $units
            (br_if $unitsDone (i32.ge_s (local.get $j) (local.get $H)))
            (local.set $rng (i32.add (local.get $pRange) (i32.shl (local.get $j) (i32.const 4))))
            (local.set $pb (call $max (i32.and (i32.load (local.get $rng)) (i32.const -4)) (local.get $t0)))
            (local.set $end (call $min (i32.load offset=4 (local.get $rng)) (i32.add (local.get $t0) (i32.const 2048))))
            (if (i32.lt_s (local.get $pb) (local.get $end))
              (then
                (local.set $w0 (v128.load32_splat (i32.add (local.get $pW0) (i32.shl (local.get $j) (i32.const 2)))))
                (local.set $b0 (v128.load32_splat (i32.add (local.get $pB0) (i32.shl (local.get $j) (i32.const 2)))))
                (local.set $w1 (v128.load64_splat (i32.add (local.get $pW1) (i32.shl (local.get $j) (i32.const 3)))))
                (if (local.get $safe)
                  (then
                    ;; some w1 is not finite: mask the products, not z
                    (loop $blocksSafe
                      (local.set $z
                        (f32x4.add
                          (f32x4.mul (v128.load (i32.add (local.get $pX) (i32.shl (local.get $pb) (i32.const 2)))) (local.get $w0))
                          (local.get $b0)))
                      (local.set $m (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0)))
                      (local.set $at (i32.add (local.get $pR) (i32.shl (local.get $pb) (i32.const 3))))
                      (v128.store (local.get $at)
                        (f64x2.add (v128.load (local.get $at))
                          (v128.and (f64x2.mul (local.get $w1) (f64x2.promote_low_f32x4 (local.get $z)))
                            (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $m) (local.get $m)))))
                      (v128.store offset=16 (local.get $at)
                        (f64x2.add (v128.load offset=16 (local.get $at))
                          (v128.and
                            (f64x2.mul (local.get $w1)
                              (f64x2.promote_low_f32x4
                                (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $z) (local.get $z))))
                            (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $m) (local.get $m)))))
                      (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
                      (br_if $blocksSafe (i32.lt_s (local.get $pb) (local.get $end)))))
                  (else
                    (local.set $ax (i32.add (local.get $pX) (i32.shl (local.get $pb) (i32.const 2))))
                    (local.set $at (i32.add (local.get $pR) (i32.shl (local.get $pb) (i32.const 3))))
                    (local.set $stop (i32.add (local.get $pR) (i32.shl (local.get $end) (i32.const 3))))
                    (loop $blocks
                      ;; relu: pmax(0, z) = 0 < z ? z : +0 (also for −0 and NaN)
                      (local.set $a
                        (f32x4.pmax (v128.const f32x4 0 0 0 0)
                          (f32x4.add (f32x4.mul (v128.load (local.get $ax)) (local.get $w0)) (local.get $b0))))
                      (v128.store (local.get $at)
                        (f64x2.add (v128.load (local.get $at))
                          (f64x2.mul (local.get $w1) (f64x2.promote_low_f32x4 (local.get $a)))))
                      (v128.store offset=16 (local.get $at)
                        (f64x2.add (v128.load offset=16 (local.get $at))
                          (f64x2.mul (local.get $w1)
                            (f64x2.promote_low_f32x4
                              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a))))))
                      (local.set $ax (i32.add (local.get $ax) (i32.const 16)))
                      (local.set $at (i32.add (local.get $at) (i32.const 32)))
                      (br_if $blocks (i32.lt_u (local.get $at) (local.get $stop))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $units)))
        (local.set $t0 (i32.add (local.get $t0) (i32.const 2048)))
        (br $tiles)))
    (local.set $pb (i32.const 0))
    (block $done
      (loop $points
        (br_if $done (i32.ge_s (local.get $pb) (local.get $P)))
        (local.set $at (i32.add (local.get $pR) (i32.shl (local.get $pb) (i32.const 3))))
        (local.set $r
          (f32x4.sub
            (f32x4.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (f32x4.demote_f64x2_zero (v128.load (local.get $at)))
                (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $at))))
              (f32x4.splat (local.get $b1)))
            (v128.load (i32.add (local.get $pY) (i32.shl (local.get $pb) (i32.const 2))))))
        (v128.store (local.get $at) (f64x2.promote_low_f32x4 (local.get $r)))
        (v128.store offset=16 (local.get $at)
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $r) (local.get $r))))
        (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
        (br $points))))

  ;; Backward pass of one block of 4 units over points [lo, hi), fast path:
  ;; masked on [lo, flo) and [fhi, hi), unmasked on [flo, fhi) where every
  ;; lane has z > 0. Stores the block's sums at pBlock and returns 1, or returns
  ;; 0 (sums not to be used) when it met a z exactly 0 or a sum is not finite.
  (func $blockFast32 (param $lo i32) (param $flo i32) (param $fhi i32) (param $hi i32)
      (param $pX i32) (param $pXd i32) (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $r3 i32)
      (param $w0 v128) (param $b0 v128) (param $w1lo v128) (param $w1hi v128) (param $pBlock i32)
      (param $zeroOk i32) (param $pLanes i32) (param $Hp i32) (param $pZeros i32) (result i32)
    (local $ax i32) (local $same i32) (local $q i32) (local $end i32) (local $stop i32)
    (local $z v128) (local $m v128) (local $zr v128) (local $rdlo v128) (local $rdhi v128) (local $xd v128) (local $d v128) (local $zeros v128)
    (local $gw0lo v128) (local $gw0hi v128) (local $gb0lo v128) (local $gb0hi v128) (local $gw1lo v128) (local $gw1hi v128)
    ;; one model in all four lanes: one residual per point
    (local.set $same
      (i32.and (i32.eq (local.get $r0) (local.get $r1))
        (i32.and (i32.eq (local.get $r0) (local.get $r2)) (i32.eq (local.get $r0) (local.get $r3)))))
    (local.set $ax (i32.add (local.get $pX) (i32.shl (local.get $lo) (i32.const 2))))
    (local.set $q (i32.shl (local.get $lo) (i32.const 3)))
    (local.set $end (i32.add (local.get $pX) (i32.shl (local.get $flo) (i32.const 2))))
    (local.set $stop (i32.add (local.get $pX) (i32.shl (local.get $hi) (i32.const 2))))
    (block $done
      (loop $segments
        (if (i32.lt_u (local.get $ax) (local.get $end))
          (then
            (if (local.get $same)
              (then
                (loop $maskedSame
                  (local.set $z (f32x4.add (f32x4.mul (local.get $w0) (v128.load32_splat (local.get $ax))) (local.get $b0)))
                  (local.set $zeros (i32x4.sub (local.get $zeros) (f32x4.eq (local.get $z) (v128.const f32x4 0 0 0 0))))
                  (local.set $m (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0)))
                  (local.set $zr (v128.and (local.get $z) (local.get $m)))
                  (local.set $rdlo (v128.load64_splat (i32.add (local.get $r0) (local.get $q))))
                  (local.set $xd (v128.load64_splat (i32.add (local.get $pXd) (local.get $q))))
                  ;; lanes 0 and 1: gw1 += r·relu(z); d = [z > 0]·r·w1; gb0 += d; gw0 += d·x
                  (local.set $gw1lo
                    (f64x2.add (local.get $gw1lo) (f64x2.mul (local.get $rdlo) (f64x2.promote_low_f32x4 (local.get $zr)))))
                  (local.set $d
                    (f64x2.mul
                      (v128.and (local.get $rdlo) (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $m) (local.get $m)))
                      (local.get $w1lo)))
                  (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $d)))
                  (local.set $gw0lo (f64x2.add (local.get $gw0lo) (f64x2.mul (local.get $d) (local.get $xd))))
                  ;; lanes 2 and 3
                  (local.set $rdhi (local.get $rdlo))
                  (local.set $gw1hi
                    (f64x2.add (local.get $gw1hi)
                      (f64x2.mul (local.get $rdhi)
                        (f64x2.promote_low_f32x4
                          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $zr) (local.get $zr))))))
                  (local.set $d
                    (f64x2.mul
                      (v128.and (local.get $rdhi)
                        (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $m) (local.get $m)))
                      (local.get $w1hi)))
                  (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $d)))
                  (local.set $gw0hi (f64x2.add (local.get $gw0hi) (f64x2.mul (local.get $d) (local.get $xd))))
                  (local.set $ax (i32.add (local.get $ax) (i32.const 4)))
                  (local.set $q (i32.add (local.get $q) (i32.const 8)))
                  (br_if $maskedSame (i32.lt_u (local.get $ax) (local.get $end)))))
              (else
                (loop $masked
                  (local.set $z (f32x4.add (f32x4.mul (local.get $w0) (v128.load32_splat (local.get $ax))) (local.get $b0)))
                  (local.set $zeros (i32x4.sub (local.get $zeros) (f32x4.eq (local.get $z) (v128.const f32x4 0 0 0 0))))
                  (local.set $m (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0)))
                  (local.set $zr (v128.and (local.get $z) (local.get $m)))
                  (local.set $rdlo
                    (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $q)) (v128.load64_splat (i32.add (local.get $r0) (local.get $q)))))
                  (local.set $xd (v128.load64_splat (i32.add (local.get $pXd) (local.get $q))))
                  ;; lanes 0 and 1: gw1 += r·relu(z); d = [z > 0]·r·w1; gb0 += d; gw0 += d·x
                  (local.set $gw1lo
                    (f64x2.add (local.get $gw1lo) (f64x2.mul (local.get $rdlo) (f64x2.promote_low_f32x4 (local.get $zr)))))
                  (local.set $d
                    (f64x2.mul
                      (v128.and (local.get $rdlo) (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $m) (local.get $m)))
                      (local.get $w1lo)))
                  (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $d)))
                  (local.set $gw0lo (f64x2.add (local.get $gw0lo) (f64x2.mul (local.get $d) (local.get $xd))))
                  ;; lanes 2 and 3
                  (local.set $rdhi
                    (v128.load64_lane 1 (i32.add (local.get $r3) (local.get $q)) (v128.load64_splat (i32.add (local.get $r2) (local.get $q)))))
                  (local.set $gw1hi
                    (f64x2.add (local.get $gw1hi)
                      (f64x2.mul (local.get $rdhi)
                        (f64x2.promote_low_f32x4
                          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $zr) (local.get $zr))))))
                  (local.set $d
                    (f64x2.mul
                      (v128.and (local.get $rdhi)
                        (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $m) (local.get $m)))
                      (local.get $w1hi)))
                  (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $d)))
                  (local.set $gw0hi (f64x2.add (local.get $gw0hi) (f64x2.mul (local.get $d) (local.get $xd))))
                  (local.set $ax (i32.add (local.get $ax) (i32.const 4)))
                  (local.set $q (i32.add (local.get $q) (i32.const 8)))
                  (br_if $masked (i32.lt_u (local.get $ax) (local.get $end))))))))
        (br_if $done (i32.ge_u (local.get $ax) (local.get $stop)))
        (local.set $end (i32.add (local.get $pX) (i32.shl (local.get $fhi) (i32.const 2))))
        (if (i32.lt_u (local.get $ax) (local.get $end))
          (then
            (if (local.get $same)
              (then
                (loop $unmaskedSame
                  (local.set $z (f32x4.add (f32x4.mul (local.get $w0) (v128.load32_splat (local.get $ax))) (local.get $b0)))
                  (local.set $rdlo (v128.load64_splat (i32.add (local.get $r0) (local.get $q))))
                  (local.set $xd (v128.load64_splat (i32.add (local.get $pXd) (local.get $q))))
                  (local.set $gw1lo
                    (f64x2.add (local.get $gw1lo) (f64x2.mul (local.get $rdlo) (f64x2.promote_low_f32x4 (local.get $z)))))
                  (local.set $d (f64x2.mul (local.get $rdlo) (local.get $w1lo)))
                  (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $d)))
                  (local.set $gw0lo (f64x2.add (local.get $gw0lo) (f64x2.mul (local.get $d) (local.get $xd))))
                  (local.set $rdhi (local.get $rdlo))
                  (local.set $gw1hi
                    (f64x2.add (local.get $gw1hi)
                      (f64x2.mul (local.get $rdhi)
                        (f64x2.promote_low_f32x4
                          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $z) (local.get $z))))))
                  (local.set $d (f64x2.mul (local.get $rdhi) (local.get $w1hi)))
                  (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $d)))
                  (local.set $gw0hi (f64x2.add (local.get $gw0hi) (f64x2.mul (local.get $d) (local.get $xd))))
                  (local.set $ax (i32.add (local.get $ax) (i32.const 4)))
                  (local.set $q (i32.add (local.get $q) (i32.const 8)))
                  (br_if $unmaskedSame (i32.lt_u (local.get $ax) (local.get $end)))))
              (else
                ;; lanes of several models: each lane's residual on its own
                (loop $unmasked
                  (local.set $z (f32x4.add (f32x4.mul (local.get $w0) (v128.load32_splat (local.get $ax))) (local.get $b0)))
                  (local.set $rdlo
                    (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $q)) (v128.load64_splat (i32.add (local.get $r0) (local.get $q)))))
                  (local.set $xd (v128.load64_splat (i32.add (local.get $pXd) (local.get $q))))
                  (local.set $gw1lo
                    (f64x2.add (local.get $gw1lo) (f64x2.mul (local.get $rdlo) (f64x2.promote_low_f32x4 (local.get $z)))))
                  (local.set $d (f64x2.mul (local.get $rdlo) (local.get $w1lo)))
                  (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $d)))
                  (local.set $gw0lo (f64x2.add (local.get $gw0lo) (f64x2.mul (local.get $d) (local.get $xd))))
                  (local.set $rdhi
                    (v128.load64_lane 1 (i32.add (local.get $r3) (local.get $q)) (v128.load64_splat (i32.add (local.get $r2) (local.get $q)))))
                  (local.set $gw1hi
                    (f64x2.add (local.get $gw1hi)
                      (f64x2.mul (local.get $rdhi)
                        (f64x2.promote_low_f32x4
                          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $z) (local.get $z))))))
                  (local.set $d (f64x2.mul (local.get $rdhi) (local.get $w1hi)))
                  (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $d)))
                  (local.set $gw0hi (f64x2.add (local.get $gw0hi) (f64x2.mul (local.get $d) (local.get $xd))))
                  (local.set $ax (i32.add (local.get $ax) (i32.const 4)))
                  (local.set $q (i32.add (local.get $q) (i32.const 8)))
                  (br_if $unmasked (i32.lt_u (local.get $ax) (local.get $end))))))))
        (local.set $end (local.get $stop))
        (br $segments)))
    (call $storeBlock (local.get $pBlock) (local.get $gw0lo) (local.get $gw0hi) (local.get $gb0lo) (local.get $gb0hi)
      (local.get $gw1lo) (local.get $gw1hi))
    (call $fastStands
      (call $finite6 (local.get $gw0lo) (local.get $gw0hi) (local.get $gb0lo) (local.get $gb0hi)
        (local.get $gw1lo) (local.get $gw1hi))
      (local.get $zeros) (local.get $zeroOk) (local.get $pLanes) (local.get $Hp) (local.get $pZeros)))

  ;; $blockFast32 for two lanes (lanes 0 and 1 of w0 and b0; w1 their float64
  ;; pair; r0, r1 their residual rows) over [lo, hi), the hull of their R's,
  ;; unmasked on [flo, fhi): half the arithmetic of a point of four lanes. A
  ;; block is run as two of these when their hulls are shorter than its own
  ;; by enough (the ranges of one model's few units are often prefixes and
  ;; suffixes of the points, so a block's hull can be all of them). Each
  ;; lane's sums are the same either way: the points outside its R add ±0.
  ;; Stores the sums at pOut, pOut + 32 and pOut + 64 (gw0, gb0, gw1: the lo
  ;; or hi vectors of $storeBlock's layout) and returns whether they are
  ;; finite, and each lane's number of z = 0 (0 in lanes 2 and 3).
  (func $pairFast32 (param $lo i32) (param $flo i32) (param $fhi i32) (param $hi i32)
      (param $pX i32) (param $pXd i32) (param $r0 i32) (param $r1 i32)
      (param $w0 v128) (param $b0 v128) (param $w1 v128) (param $pOut i32) (result i32 v128)
    (local $ax i32) (local $q i32) (local $end i32) (local $stop i32)
    (local $z v128) (local $m v128) (local $rd v128) (local $xd v128) (local $d v128) (local $zeros v128)
    (local $gw0 v128) (local $gb0 v128) (local $gw1 v128)
    (local.set $ax (i32.add (local.get $pX) (i32.shl (local.get $lo) (i32.const 2))))
    (local.set $q (i32.shl (local.get $lo) (i32.const 3)))
    (local.set $end (i32.add (local.get $pX) (i32.shl (local.get $flo) (i32.const 2))))
    (local.set $stop (i32.add (local.get $pX) (i32.shl (local.get $hi) (i32.const 2))))
    (block $done
      (loop $segments
        (if (i32.lt_u (local.get $ax) (local.get $end))
          (then
            (loop $masked
              (local.set $z (f32x4.add (f32x4.mul (local.get $w0) (v128.load32_splat (local.get $ax))) (local.get $b0)))
              (local.set $zeros (i32x4.sub (local.get $zeros) (f32x4.eq (local.get $z) (v128.const f32x4 0 0 0 0))))
              (local.set $m (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0)))
              (local.set $rd
                (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $q)) (v128.load64_splat (i32.add (local.get $r0) (local.get $q)))))
              (local.set $xd (v128.load64_splat (i32.add (local.get $pXd) (local.get $q))))
              ;; gw1 += r·relu(z); d = [z > 0]·r·w1; gb0 += d; gw0 += d·x
              (local.set $gw1
                (f64x2.add (local.get $gw1)
                  (f64x2.mul (local.get $rd) (f64x2.promote_low_f32x4 (v128.and (local.get $z) (local.get $m))))))
              (local.set $d
                (f64x2.mul
                  (v128.and (local.get $rd) (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $m) (local.get $m)))
                  (local.get $w1)))
              (local.set $gb0 (f64x2.add (local.get $gb0) (local.get $d)))
              (local.set $gw0 (f64x2.add (local.get $gw0) (f64x2.mul (local.get $d) (local.get $xd))))
              (local.set $ax (i32.add (local.get $ax) (i32.const 4)))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (br_if $masked (i32.lt_u (local.get $ax) (local.get $end))))))
        (br_if $done (i32.ge_u (local.get $ax) (local.get $stop)))
        (local.set $end (i32.add (local.get $pX) (i32.shl (local.get $fhi) (i32.const 2))))
        (if (i32.lt_u (local.get $ax) (local.get $end))
          (then
            (loop $unmasked
              (local.set $z (f32x4.add (f32x4.mul (local.get $w0) (v128.load32_splat (local.get $ax))) (local.get $b0)))
              (local.set $rd
                (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $q)) (v128.load64_splat (i32.add (local.get $r0) (local.get $q)))))
              (local.set $xd (v128.load64_splat (i32.add (local.get $pXd) (local.get $q))))
              (local.set $gw1 (f64x2.add (local.get $gw1) (f64x2.mul (local.get $rd) (f64x2.promote_low_f32x4 (local.get $z)))))
              (local.set $d (f64x2.mul (local.get $rd) (local.get $w1)))
              (local.set $gb0 (f64x2.add (local.get $gb0) (local.get $d)))
              (local.set $gw0 (f64x2.add (local.get $gw0) (f64x2.mul (local.get $d) (local.get $xd))))
              (local.set $ax (i32.add (local.get $ax) (i32.const 4)))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (br_if $unmasked (i32.lt_u (local.get $ax) (local.get $end))))))
        (local.set $end (local.get $stop))
        (br $segments)))
    (v128.store (local.get $pOut) (local.get $gw0))
    (v128.store offset=32 (local.get $pOut) (local.get $gb0))
    (v128.store offset=64 (local.get $pOut) (local.get $gw1))
    (i64x2.all_true
      (v128.and
        (v128.and
          (f64x2.lt (f64x2.abs (local.get $gw0)) (v128.const f64x2 inf inf))
          (f64x2.lt (f64x2.abs (local.get $gb0)) (v128.const f64x2 inf inf)))
        (f64x2.lt (f64x2.abs (local.get $gw1)) (v128.const f64x2 inf inf))))
    (v128.and (local.get $zeros) (v128.const i32x4 -1 -1 0 0)))

  ;; Backward pass of one block over points [lo, hi), slow path: exact for
  ;; every input; the z = 0 lanes take relu'(0) (pLanes: the block's 4 lane
  ;; numbers, for the draws and the counts, see $laneInfo). Stores the sums at
  ;; pBlock and adds each lane's number of z = 0 to its model's count.
  (func $blockSlow32 (param $lo i32) (param $hi i32) (param $H i32) (param $Hp i32) (param $pLanes i32)
      (param $pX i32) (param $pXd i32) (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $r3 i32)
      (param $w0 v128) (param $b0 v128) (param $w1lo v128) (param $w1hi v128) (param $pBlock i32)
      (param $pHash i32) (param $pZeros i32) (param $random i32) (param $fixedGradAtZero f64)
    (local $p i32) (local $bits i32) (local $ph i32) (local $q i32)
    (local $h0 i32) (local $h1 i32) (local $h2 i32) (local $h3 i32) (local $j0 i32) (local $j1 i32) (local $j2 i32) (local $j3 i32)
    (local $z v128) (local $gt v128) (local $eq v128) (local $rdlo v128) (local $rdhi v128) (local $xd v128)
    (local $mlo v128) (local $mhi v128) (local $qlo v128) (local $qhi v128) (local $dlo v128) (local $dhi v128)
    (local $gw0lo v128) (local $gw0hi v128) (local $gb0lo v128) (local $gb0hi v128) (local $gw1lo v128) (local $gw1hi v128)
    (call $laneInfo (local.get $pLanes) (i32.const 0) (local.get $Hp) (local.get $pHash))
    (local.set $j0)
    (local.set $h0)
    (call $laneInfo (local.get $pLanes) (i32.const 1) (local.get $Hp) (local.get $pHash))
    (local.set $j1)
    (local.set $h1)
    (call $laneInfo (local.get $pLanes) (i32.const 2) (local.get $Hp) (local.get $pHash))
    (local.set $j2)
    (local.set $h2)
    (call $laneInfo (local.get $pLanes) (i32.const 3) (local.get $Hp) (local.get $pHash))
    (local.set $j3)
    (local.set $h3)
    (local.set $p (local.get $lo))
    (block $done
      (loop $points
        (br_if $done (i32.ge_s (local.get $p) (local.get $hi)))
        (local.set $z
          (f32x4.add
            (f32x4.mul (local.get $w0) (v128.load32_splat (i32.add (local.get $pX) (i32.shl (local.get $p) (i32.const 2)))))
            (local.get $b0)))
        (local.set $gt (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0)))
        (local.set $eq (f32x4.eq (local.get $z) (v128.const f32x4 0 0 0 0)))
        (local.set $q (i32.shl (local.get $p) (i32.const 3)))
        (local.set $rdlo
          (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $q)) (v128.load64_splat (i32.add (local.get $r0) (local.get $q)))))
        (local.set $rdhi
          (v128.load64_lane 1 (i32.add (local.get $r3) (local.get $q)) (v128.load64_splat (i32.add (local.get $r2) (local.get $q)))))
        (local.set $xd (v128.load64_splat (i32.add (local.get $pXd) (local.get $q))))
        (local.set $mlo (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $gt) (local.get $gt)))
        (local.set $mhi (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $gt) (local.get $gt)))
        (local.set $gw1lo
          (f64x2.add (local.get $gw1lo)
            (v128.and (f64x2.mul (local.get $rdlo) (f64x2.promote_low_f32x4 (local.get $z))) (local.get $mlo))))
        (local.set $gw1hi
          (f64x2.add (local.get $gw1hi)
            (v128.and
              (f64x2.mul (local.get $rdhi)
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $z) (local.get $z))))
              (local.get $mhi))))
        (local.set $dlo (f64x2.mul (local.get $rdlo) (local.get $w1lo)))
        (local.set $dhi (f64x2.mul (local.get $rdhi) (local.get $w1hi)))
        (local.set $bits (i32x4.bitmask (local.get $eq)))
        (if (local.get $bits)
          (then
            ;; d = r·w1 where z > 0, r·w1·relu'(0) where z = 0, 0 elsewhere
            (call $countZeros (local.get $bits) (local.get $pLanes) (local.get $Hp) (local.get $pZeros))
            (local.set $ph (i32.mul (local.get $p) (local.get $H)))
            (local.set $qlo (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $eq) (local.get $eq)))
            (local.set $qhi (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $eq) (local.get $eq)))
            (local.set $dlo
              (v128.or
                (v128.and (local.get $dlo) (local.get $mlo))
                (v128.and
                  (f64x2.mul (local.get $dlo)
                    (call $gradPair (local.get $bits)
                      (local.get $h0) (i32.add (local.get $ph) (local.get $j0))
                      (local.get $h1) (i32.add (local.get $ph) (local.get $j1))
                      (local.get $random) (local.get $fixedGradAtZero)))
                  (local.get $qlo))))
            (local.set $dhi
              (v128.or
                (v128.and (local.get $dhi) (local.get $mhi))
                (v128.and
                  (f64x2.mul (local.get $dhi)
                    (call $gradPair (i32.shr_u (local.get $bits) (i32.const 2))
                      (local.get $h2) (i32.add (local.get $ph) (local.get $j2))
                      (local.get $h3) (i32.add (local.get $ph) (local.get $j3))
                      (local.get $random) (local.get $fixedGradAtZero)))
                  (local.get $qhi))))
            (local.set $mlo (v128.or (local.get $mlo) (local.get $qlo)))
            (local.set $mhi (v128.or (local.get $mhi) (local.get $qhi))))
          (else
            (local.set $dlo (v128.and (local.get $dlo) (local.get $mlo)))
            (local.set $dhi (v128.and (local.get $dhi) (local.get $mhi)))))
        (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $dlo)))
        (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $dhi)))
        (local.set $gw0lo
          (f64x2.add (local.get $gw0lo) (v128.and (f64x2.mul (local.get $dlo) (local.get $xd)) (local.get $mlo))))
        (local.set $gw0hi
          (f64x2.add (local.get $gw0hi) (v128.and (f64x2.mul (local.get $dhi) (local.get $xd)) (local.get $mhi))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $points)))
    (call $storeBlock (local.get $pBlock) (local.get $gw0lo) (local.get $gw0hi) (local.get $gb0lo) (local.get $gb0hi)
      (local.get $gw1lo) (local.get $gw1hi)))

  ;; Four float32 numbers at pA[u0], pA[u1], pA[u2], pA[u3].
  (func $gather32 (param $pA i32) (param $u0 i32) (param $u1 i32) (param $u2 i32) (param $u3 i32) (result v128)
    (f32x4.replace_lane 3
      (f32x4.replace_lane 2
        (f32x4.replace_lane 1
          (f32x4.splat (f32.load (i32.add (local.get $pA) (i32.shl (local.get $u0) (i32.const 2)))))
          (f32.load (i32.add (local.get $pA) (i32.shl (local.get $u1) (i32.const 2)))))
        (f32.load (i32.add (local.get $pA) (i32.shl (local.get $u2) (i32.const 2)))))
      (f32.load (i32.add (local.get $pA) (i32.shl (local.get $u3) (i32.const 2))))))

  ;; Two float64 numbers at pA[ua], pA[ub].
  (func $gather64 (param $pA i32) (param $ua i32) (param $ub i32) (result v128)
    (f64x2.replace_lane 1
      (f64x2.splat (f64.load (i32.add (local.get $pA) (i32.shl (local.get $ua) (i32.const 3)))))
      (f64.load (i32.add (local.get $pA) (i32.shl (local.get $ub) (i32.const 3))))))

  ;; The residual rows of lanes i and i + 1 of a block (pLanes: its lane
  ;; numbers; pRow[l]: the address of lane l's model's residuals).
  (func $rows (param $pLanes i32) (param $pRow i32) (result i32 i32 i32 i32)
    (i32.load (i32.add (local.get $pRow) (i32.shl (i32.load (local.get $pLanes)) (i32.const 2))))
    (i32.load (i32.add (local.get $pRow) (i32.shl (i32.load offset=4 (local.get $pLanes)) (i32.const 2))))
    (i32.load (i32.add (local.get $pRow) (i32.shl (i32.load offset=8 (local.get $pLanes)) (i32.const 2))))
    (i32.load (i32.add (local.get $pRow) (i32.shl (i32.load offset=12 (local.get $pLanes)) (i32.const 2)))))

  ;; Backward pass of the n lanes of a group (n a multiple of 4), block by
  ;; block in the order of pPerm; writes the sums of lane l at pGw0[l],
  ;; pGb0[l], pGw1[l] and adds the zero counts to pZeros[model].
  (func $backward32 (param $n i32) (param $H i32) (param $Hp i32) (param $pX i32) (param $pXd i32) (param $pRow i32)
      (param $pW0 i32) (param $pB0 i32) (param $pW1 i32) (param $pRange i32) (param $pPerm i32) (param $pBlock i32)
      (param $pGw0 i32) (param $pGb0 i32) (param $pGw1 i32) (param $pHash i32) (param $pZeros i32)
      (param $random i32) (param $fixedGradAtZero f64)
    (local $jb i32) (local $pp i32) (local $u0 i32) (local $u1 i32) (local $u2 i32) (local $u3 i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $lo i32) (local $flo i32) (local $fhi i32) (local $hi i32)
    (local $loA i32) (local $floA i32) (local $fhiA i32) (local $hiA i32)
    (local $loB i32) (local $floB i32) (local $fhiB i32) (local $hiB i32)
    (local $faA i32) (local $feA i32) (local $faB i32) (local $feB i32)
    (local $finiteA i32) (local $finiteB i32) (local $stands i32) (local $countsA v128) (local $countsB v128)
    (local $w0 v128) (local $b0 v128) (local $w1lo v128) (local $w1hi v128)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_s (local.get $jb) (local.get $n)))
        (local.set $pp (i32.add (local.get $pPerm) (i32.shl (local.get $jb) (i32.const 2))))
        ;; the hulls of lanes 0, 1 and of lanes 2, 3, then of the block
        (call $rawRange (local.get $pp) (local.get $pRange) (i32.const 2))
        (local.set $feA)
        (local.set $faA)
        (local.set $hiA)
        (local.set $loA)
        (call $rawRange (i32.add (local.get $pp) (i32.const 8)) (local.get $pRange) (i32.const 2))
        (local.set $feB)
        (local.set $faB)
        (local.set $hiB)
        (local.set $loB)
        (call $span (call $min (local.get $loA) (local.get $loB)) (call $max (local.get $hiA) (local.get $hiB))
          (call $max (local.get $faA) (local.get $faB)) (call $min (local.get $feA) (local.get $feB)))
        (local.set $hi)
        (local.set $fhi)
        (local.set $flo)
        (local.set $lo)
        (if (i32.lt_s (local.get $lo) (local.get $hi))
          (then
            (local.set $u0 (i32.load (local.get $pp)))
            (local.set $u1 (i32.load offset=4 (local.get $pp)))
            (local.set $u2 (i32.load offset=8 (local.get $pp)))
            (local.set $u3 (i32.load offset=12 (local.get $pp)))
            (local.set $w0 (call $gather32 (local.get $pW0) (local.get $u0) (local.get $u1) (local.get $u2) (local.get $u3)))
            (local.set $b0 (call $gather32 (local.get $pB0) (local.get $u0) (local.get $u1) (local.get $u2) (local.get $u3)))
            (local.set $w1lo (call $gather64 (local.get $pW1) (local.get $u0) (local.get $u1)))
            (local.set $w1hi (call $gather64 (local.get $pW1) (local.get $u2) (local.get $u3)))
            (call $rows (local.get $pp) (local.get $pRow))
            (local.set $r3)
            (local.set $r2)
            (local.set $r1)
            (local.set $r0)
            ;; lanes 0, 1 and lanes 2, 3 on their own hulls, when those are shorter (see $pairFast32)
            (if (i32.lt_s
                  (i32.mul (i32.const 3)
                    (i32.add (call $max (i32.sub (local.get $hiA) (local.get $loA)) (i32.const 0))
                      (call $max (i32.sub (local.get $hiB) (local.get $loB)) (i32.const 0))))
                  (i32.mul (i32.const 5) (i32.sub (local.get $hi) (local.get $lo))))
              (then
                (call $span (local.get $loA) (local.get $hiA) (local.get $faA) (local.get $feA))
                (local.set $hiA)
                (local.set $fhiA)
                (local.set $floA)
                (local.set $loA)
                (call $span (local.get $loB) (local.get $hiB) (local.get $faB) (local.get $feB))
                (local.set $hiB)
                (local.set $fhiB)
                (local.set $floB)
                (local.set $loB)
                (call $pairFast32 (local.get $loA) (local.get $floA) (local.get $fhiA) (local.get $hiA)
                  (local.get $pX) (local.get $pXd) (local.get $r0) (local.get $r1)
                  (local.get $w0) (local.get $b0) (local.get $w1lo) (local.get $pBlock))
                (local.set $countsA)
                (local.set $finiteA)
                (call $pairFast32 (local.get $loB) (local.get $floB) (local.get $fhiB) (local.get $hiB)
                  (local.get $pX) (local.get $pXd) (local.get $r2) (local.get $r3)
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $w0) (local.get $w0))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b0) (local.get $b0))
                  (local.get $w1hi) (i32.add (local.get $pBlock) (i32.const 16)))
                (local.set $countsB)
                (local.set $finiteB)
                (local.set $stands
                  (call $fastStands (i32.and (local.get $finiteA) (local.get $finiteB))
                    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $countsA) (local.get $countsB))
                    (call $zeroGrad (local.get $random) (local.get $fixedGradAtZero))
                    (local.get $pp) (local.get $Hp) (local.get $pZeros))))
              (else
                (local.set $stands
                  (call $blockFast32 (local.get $lo) (local.get $flo) (local.get $fhi) (local.get $hi)
                    (local.get $pX) (local.get $pXd) (local.get $r0) (local.get $r1) (local.get $r2) (local.get $r3)
                    (local.get $w0) (local.get $b0) (local.get $w1lo) (local.get $w1hi) (local.get $pBlock)
                    (call $zeroGrad (local.get $random) (local.get $fixedGradAtZero))
                    (local.get $pp) (local.get $Hp) (local.get $pZeros)))))
            (if (i32.eqz (local.get $stands))
              (then
                (call $blockSlow32
 (local.get $lo) (local.get $hi) (local.get $H) (local.get $Hp) (local.get $pp)
                  (local.get $pX) (local.get $pXd) (local.get $r0) (local.get $r1) (local.get $r2) (local.get $r3)
                  (local.get $w0) (local.get $b0) (local.get $w1lo) (local.get $w1hi) (local.get $pBlock)
                  (local.get $pHash) (local.get $pZeros) (local.get $random) (local.get $fixedGradAtZero)))))
          (else
            ;; no lane has a point with z ≥ 0: every sum is 0
            (call $storeBlock (local.get $pBlock) (v128.const i64x2 0 0) (v128.const i64x2 0 0) (v128.const i64x2 0 0)
              (v128.const i64x2 0 0) (v128.const i64x2 0 0) (v128.const i64x2 0 0))))
        (call $scatter (local.get $pp) (local.get $pBlock) (local.get $pGw0) (local.get $pGb0) (local.get $pGw1))
        (local.set $jb (i32.add (local.get $jb) (i32.const 4)))
        (br $blocks))))

  ;; The float32 kernel (runFusedSteps). flags: 1 Adam, 2 random relu'(0),
  ;; 4 count zeros, 8 the points are in ascending order (and finite). The
  ;; float64 parameters hold float32 values (lr, scale, Adam's constants),
  ;; except fixedGradAtZero, which is used in float64 as the JavaScript loop
  ;; does. The models are run in groups of G (see the top of this file): pR
  ;; has room for G rows of residuals, pWork for workBytes(H, G) bytes.
  (func (export "run32")
      (param $P i32) (param $H i32) (param $M i32) (param $G i32) (param $steps i32) (param $stepOffset i32)
      (param $width i32) (param $colLoss i32) (param $colZeros i32) (param $flags i32)
      (param $lr64 f64) (param $scale64 f64) (param $fixedGradAtZero f64)
      (param $beta1 f64) (param $beta2 f64) (param $omb1 f64) (param $omb2 f64) (param $eps64 f64)
      (param $pX i32) (param $pY i32) (param $pXd i32) (param $pR i32) (param $pSeeds i32) (param $pSched i32)
      (param $pOut i32) (param $pWork i32)
    (local $Hp i32) (local $n i32) (local $first i32) (local $K i32) (local $k i32) (local $s i32) (local $j i32) (local $i i32)
    (local $row i32) (local $a i32) (local $rowBytes i32) (local $nSteps i32) (local $safe i32) (local $frozen i32)
    (local $pW0 i32) (local $pB0 i32) (local $pW1 i32) (local $pGw0 i32) (local $pGb0 i32) (local $pGw1 i32) (local $pGrad i32)
    (local $pRange i32) (local $pKey i32) (local $pPerm i32) (local $pCount i32) (local $pHint i32) (local $pRow i32)
    (local $pLoss i32) (local $pGb1 i32) (local $pZeros i32) (local $pHash i32) (local $pBlock i32)
    (local $w0k i32) (local $b0k i32) (local $w1k i32) (local $gw0k i32) (local $gb0k i32) (local $gw1k i32)
    (local $lr f32) (local $scale f32) (local $b1 f32) (local $b2 f32) (local $o1 f32) (local $o2 f32) (local $eps f32)
    (local $w f32) (local $b f32) (local $v f32) (local $g f32) (local $mo f32) (local $vo f32) (local $bc1 f32) (local $bc2 f32)
    (local.set $lr (f32.demote_f64 (local.get $lr64)))
    (local.set $scale (f32.demote_f64 (local.get $scale64)))
    (local.set $b1 (f32.demote_f64 (local.get $beta1)))
    (local.set $b2 (f32.demote_f64 (local.get $beta2)))
    (local.set $o1 (f32.demote_f64 (local.get $omb1)))
    (local.set $o2 (f32.demote_f64 (local.get $omb2)))
    (local.set $eps (f32.demote_f64 (local.get $eps64)))
    (local.set $Hp (i32.and (i32.add (local.get $H) (i32.const 3)) (i32.const -4)))
    (local.set $n (i32.add (i32.mul (local.get $H) (i32.const 3)) (i32.const 1)))
    (call $layout (local.get $pWork) (local.get $Hp) (local.get $G))
    (drop)
    (local.set $pBlock)
    (local.set $pHash)
    (local.set $pZeros)
    (local.set $pGb1)
    (local.set $pLoss)
    (local.set $pRow)
    (local.set $pHint)
    (local.set $pCount)
    (local.set $pPerm)
    (local.set $pKey)
    (local.set $pRange)
    (local.set $pGrad)
    (local.set $pGw1)
    (local.set $pGb0)
    (local.set $pGw0)
    (local.set $pW1)
    (local.set $pB0)
    (local.set $pW0)
    (local.set $rowBytes (i32.shl (i32.and (i32.add (local.get $P) (i32.const 3)) (i32.const -4)) (i32.const 3)))
    ;; lane l (unit l mod Hp of the group's model l / Hp): its residual row; padding
    ;; units get z = 0·x − 1 < 0 and w1 = 0
    (call $laneRows (i32.mul (local.get $G) (local.get $Hp)) (local.get $Hp) (local.get $pR) (local.get $rowBytes)
      (local.get $pRow))
    (call $padUnits (local.get $G) (local.get $H) (local.get $Hp) (local.get $pW0) (local.get $pB0) (local.get $pW1) (i32.const 0))
    (local.set $nSteps (select (local.get $steps) (i32.const 1) (i32.gt_s (local.get $steps) (i32.const 0))))
    (block $groups
      (loop $group
        (br_if $groups (i32.ge_s (local.get $first) (local.get $M)))
        (local.set $K (call $min (local.get $G) (i32.sub (local.get $M) (local.get $first))))
        (call $fill32 (local.get $pHint) (i32.mul (local.get $K) (local.get $Hp)) (i32.const -1))
        (local.set $s (i32.const 0))
        (block $stepsDone
          (loop $step
            ;; per model: unpack, ranges, step hash, forward pass
            (local.set $k (i32.const 0))
            (loop $models
              (local.set $row
                (i32.add (local.get $pOut)
                  (i32.shl (i32.mul (i32.add (local.get $first) (local.get $k)) (local.get $width)) (i32.const 2))))
              (local.set $w0k (i32.add (local.get $pW0) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 2))))
              (local.set $b0k (i32.add (local.get $pB0) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 2))))
              (local.set $w1k (i32.add (local.get $pW1) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 3))))
              ;; unpack w0, b0, w1 (as float64); safe: some w1 is not finite
              (local.set $safe (i32.const 0))
              (local.set $j (i32.const 0))
              (block $unpacked
                (loop $unpack
                  (br_if $unpacked (i32.ge_s (local.get $j) (local.get $H)))
                  (local.set $w (f32.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
                  (local.set $b (f32.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $j) (local.get $H)) (i32.const 2)))))
                  (local.set $v
                    (f32.load
                      (i32.add (local.get $row)
                        (i32.shl (i32.add (local.get $j) (i32.shl (local.get $H) (i32.const 1))) (i32.const 2)))))
                  (f32.store (i32.add (local.get $w0k) (i32.shl (local.get $j) (i32.const 2))) (local.get $w))
                  (f32.store (i32.add (local.get $b0k) (i32.shl (local.get $j) (i32.const 2))) (local.get $b))
                  (f64.store (i32.add (local.get $w1k) (i32.shl (local.get $j) (i32.const 3))) (f64.promote_f32 (local.get $v)))
                  (local.set $safe
                    (i32.or (local.get $safe) (i32.eqz (f32.lt (f32.abs (local.get $v)) (f32.const inf)))))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $unpack)))
              (local.set $a (i32.mul (local.get $k) (local.get $Hp)))
              (if (i32.and (i32.ne (i32.and (local.get $flags) (i32.const 8)) (i32.const 0))
                  (i32.and (i32.gt_s (local.get $P) (i32.const 0)) (i32.gt_s (local.get $H) (i32.const 0))))
                (then
                  (local.set $frozen
                    (call $ranges32 (local.get $P) (local.get $H) (local.get $Hp) (local.get $pX) (local.get $w0k) (local.get $b0k)
                      (i32.add (local.get $pRange) (i32.shl (local.get $a) (i32.const 4)))
                      (i32.add (local.get $pKey) (i32.shl (local.get $a) (i32.const 2)))
                      (i32.add (local.get $pHint) (i32.shl (local.get $a) (i32.const 2)))
                      (call $zeroGrad (i32.and (local.get $flags) (i32.const 2)) (local.get $fixedGradAtZero)))))
                (else
                  (local.set $frozen (i32.const 0))
                  (call $fullRanges (local.get $P) (local.get $H) (local.get $Hp)
                    (i32.add (local.get $pRange) (i32.shl (local.get $a) (i32.const 4)))
                    (i32.add (local.get $pKey) (i32.shl (local.get $a) (i32.const 2))))))
              (i32.store (i32.add (local.get $pHash) (i32.shl (local.get $k) (i32.const 2)))
                (call $hash32
                  (i32.xor
                    (i32.load (i32.add (local.get $pSeeds) (i32.shl (i32.add (local.get $first) (local.get $k)) (i32.const 2))))
                    (i32.add (local.get $stepOffset) (local.get $s)))))
              ;; a frozen unit's z is 0 at each of the P points; $unfreeze takes the count back if it must
              (i32.store (i32.add (local.get $pZeros) (i32.shl (local.get $k) (i32.const 2)))
                (i32.mul (local.get $frozen) (local.get $P)))
              (call $forward32 (local.get $P) (local.get $H) (local.get $pX) (local.get $pY)
                (i32.add (local.get $pR) (i32.mul (local.get $k) (local.get $rowBytes)))
                (local.get $w0k) (local.get $b0k) (local.get $w1k)
                (i32.add (local.get $pRange) (i32.shl (local.get $a) (i32.const 4)))
                (f32.load (i32.add (local.get $row) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2))))
                (local.get $safe))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $models (i32.lt_s (local.get $k) (local.get $K))))
            (call $lossGroup (local.get $P) (local.get $K) (local.get $pR) (local.get $rowBytes) (local.get $pLoss) (local.get $pGb1))
            (if (i32.or (local.get $steps) (i32.and (local.get $flags) (i32.const 4)))
              (then
                (call $unfreeze32 (local.get $P) (local.get $H) (local.get $Hp) (local.get $K)
                  (i32.add (local.get $pOut) (i32.shl (i32.mul (local.get $first) (local.get $width)) (i32.const 2)))
                  (i32.shl (local.get $width) (i32.const 2))
                  (local.get $pB0) (local.get $pRange) (local.get $pKey) (local.get $pLoss) (local.get $pZeros))
                ;; only speed depends on the lanes' order, and ranges move slowly: re-sort every 8 updates
                (if (i32.eqz (i32.and (local.get $s) (i32.const 7)))
                  (then
                    (call $sortLanes (i32.mul (local.get $K) (local.get $Hp))
                      (i32.add (i32.shl (local.get $P) (i32.const 1)) (i32.const 2))
                      (local.get $pKey) (local.get $pCount) (local.get $pPerm))))
                (call $backward32 (i32.mul (local.get $K) (local.get $Hp)) (local.get $H) (local.get $Hp)
                  (local.get $pX) (local.get $pXd) (local.get $pRow)
                  (local.get $pW0) (local.get $pB0) (local.get $pW1) (local.get $pRange) (local.get $pPerm) (local.get $pBlock)
                  (local.get $pGw0) (local.get $pGb0) (local.get $pGw1) (local.get $pHash) (local.get $pZeros)
                  (i32.and (local.get $flags) (i32.const 2)) (local.get $fixedGradAtZero))))
            ;; per model: loss, zero count, gradient, update
            (local.set $k (i32.const 0))
            (loop $updates
              (local.set $row
                (i32.add (local.get $pOut)
                  (i32.shl (i32.mul (i32.add (local.get $first) (local.get $k)) (local.get $width)) (i32.const 2))))
              (f32.store
                (i32.add (local.get $row) (i32.shl (i32.add (local.get $colLoss) (local.get $s)) (i32.const 2)))
                (f32.demote_f64
                  (f64.div (f64.load (i32.add (local.get $pLoss) (i32.shl (local.get $k) (i32.const 3))))
                    (f64.convert_i32_s (local.get $P)))))
              (if (i32.and (local.get $flags) (i32.const 4))
                (then
                  (f32.store
                    (i32.add (local.get $row) (i32.shl (i32.add (local.get $colZeros) (local.get $s)) (i32.const 2)))
                    (f32.convert_i32_u (i32.load (i32.add (local.get $pZeros) (i32.shl (local.get $k) (i32.const 2))))))))
              (if (local.get $steps)
                (then
                  (local.set $gw0k (i32.add (local.get $pGw0) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 3))))
                  (local.set $gb0k (i32.add (local.get $pGb0) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 3))))
                  (local.set $gw1k (i32.add (local.get $pGw1) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 3))))
                  ;; gradient: f32(f32(sum)·scale)
                  (local.set $j (i32.const 0))
                  (block $gradsDone
                    (loop $grads
                      (br_if $gradsDone (i32.ge_s (local.get $j) (local.get $H)))
                      (f32.store (i32.add (local.get $pGrad) (i32.shl (local.get $j) (i32.const 2)))
                        (f32.mul (local.get $scale)
                          (f32.demote_f64 (f64.load (i32.add (local.get $gw0k) (i32.shl (local.get $j) (i32.const 3)))))))
                      (f32.store (i32.add (local.get $pGrad) (i32.shl (i32.add (local.get $j) (local.get $H)) (i32.const 2)))
                        (f32.mul (local.get $scale)
                          (f32.demote_f64 (f64.load (i32.add (local.get $gb0k) (i32.shl (local.get $j) (i32.const 3)))))))
                      (f32.store
                        (i32.add (local.get $pGrad)
                          (i32.shl (i32.add (local.get $j) (i32.shl (local.get $H) (i32.const 1))) (i32.const 2)))
                        (f32.mul (local.get $scale)
                          (f32.demote_f64 (f64.load (i32.add (local.get $gw1k) (i32.shl (local.get $j) (i32.const 3)))))))
                      (local.set $j (i32.add (local.get $j) (i32.const 1)))
                      (br $grads)))
                  (f32.store (i32.add (local.get $pGrad) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2)))
                    (f32.mul (local.get $scale)
                      (f32.demote_f64 (f64.load (i32.add (local.get $pGb1) (i32.shl (local.get $k) (i32.const 3)))))))
                  (local.set $i (i32.const 0))
                  (if (i32.and (local.get $flags) (i32.const 1))
                    (then
                      ;; Adam (PyTorch's), every intermediate rounded to float32
                      (local.set $bc1 (f32.load (i32.add (local.get $pSched) (i32.shl (local.get $s) (i32.const 3)))))
                      (local.set $bc2 (f32.load offset=4 (i32.add (local.get $pSched) (i32.shl (local.get $s) (i32.const 3)))))
                      (loop $adam
                        (local.set $g (f32.load (i32.add (local.get $pGrad) (i32.shl (local.get $i) (i32.const 2)))))
                        (local.set $a (i32.add (local.get $row) (i32.shl (i32.add (local.get $i) (local.get $n)) (i32.const 2))))
                        (local.set $mo
                          (f32.add (f32.mul (local.get $b1) (f32.load (local.get $a))) (f32.mul (local.get $o1) (local.get $g))))
                        (f32.store (local.get $a) (local.get $mo))
                        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
                        (local.set $vo
                          (f32.add (f32.mul (local.get $b2) (f32.load (local.get $a)))
                            (f32.mul (f32.mul (local.get $o2) (local.get $g)) (local.get $g))))
                        (f32.store (local.get $a) (local.get $vo))
                        (local.set $a (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 2))))
                        (f32.store (local.get $a)
                          (f32.sub (f32.load (local.get $a))
                            (f32.div
                              (f32.mul (local.get $lr) (f32.div (local.get $mo) (local.get $bc1)))
                              (f32.add (f32.sqrt (f32.div (local.get $vo) (local.get $bc2))) (local.get $eps)))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br_if $adam (i32.lt_s (local.get $i) (local.get $n)))))
                    (else
                      (loop $sgd
                        (local.set $a (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 2))))
                        (f32.store (local.get $a)
                          (f32.sub (f32.load (local.get $a))
                            (f32.mul (local.get $lr) (f32.load (i32.add (local.get $pGrad) (i32.shl (local.get $i) (i32.const 2)))))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br_if $sgd (i32.lt_s (local.get $i) (local.get $n))))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $updates (i32.lt_s (local.get $k) (local.get $K))))
            (br_if $stepsDone (i32.eqz (local.get $steps)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br_if $step (i32.lt_s (local.get $s) (local.get $nSteps)))))
        (local.set $first (i32.add (local.get $first) (local.get $G)))
        (br $group))))

  ;; ---------------------------------------------------------------- float64

  ;; z of point p in float64: w0·x[p] + b0.
  (func $z64 (param $pX i32) (param $p i32) (param $w0 f64) (param $b0 f64) (result f64)
    (f64.add (f64.mul (local.get $w0) (f64.load (i32.add (local.get $pX) (i32.shl (local.get $p) (i32.const 3)))))
      (local.get $b0)))

  ;; The first p in [0, P) where pred(p) holds (P when none) for a predicate
  ;; that is false and then true: pred(p) = z(p) ≥ 0, or z(p) < 0 when `below`.
  ;; Probes around `hint` (the boundary of the previous update, or −1) first,
  ;; which settles a boundary that moved by at most one point; bisects otherwise.
  (func $first64 (param $pX i32) (param $P i32) (param $w0 f64) (param $b0 f64) (param $below i32) (param $hint i32)
      (result i32)
    (local $lo i32) (local $hi i32) (local $mid i32)
    (local.set $hi (local.get $P))
    (if (i32.and (i32.ge_s (local.get $hint) (i32.const 0)) (i32.le_s (local.get $hint) (local.get $P)))
      (then
        (if (i32.and (i32.gt_s (local.get $hint) (i32.const 0))
            (call $pred64 (local.get $pX) (i32.sub (local.get $hint) (i32.const 1)) (local.get $w0) (local.get $b0) (local.get $below)))
          (then
            ;; the boundary is at most hint − 1
            (local.set $hi (i32.sub (local.get $hint) (i32.const 1)))
            (if (i32.gt_s (local.get $hi) (i32.const 0))
              (then
                (if (call $pred64 (local.get $pX) (i32.sub (local.get $hi) (i32.const 1))
                    (local.get $w0) (local.get $b0) (local.get $below))
                  (then (local.set $hi (i32.sub (local.get $hi) (i32.const 1))))
                  (else (local.set $lo (local.get $hi)))))))
          (else
            ;; the boundary is at least hint
            (local.set $lo (local.get $hint))
            (if (i32.lt_s (local.get $hint) (local.get $P))
              (then
                (if (call $pred64 (local.get $pX) (local.get $hint) (local.get $w0) (local.get $b0) (local.get $below))
                  (then (local.set $hi (local.get $hint)))
                  (else
                    (local.set $lo (i32.add (local.get $hint) (i32.const 1)))
                    (if (i32.lt_s (local.get $lo) (local.get $P))
                      (then
                        (if (call $pred64 (local.get $pX) (local.get $lo) (local.get $w0) (local.get $b0) (local.get $below))
                          (then (local.set $hi (local.get $lo)))
                          (else (local.set $lo (i32.add (local.get $lo) (i32.const 1)))))))))))))))
    (block $found
      (loop $search
        (br_if $found (i32.ge_s (local.get $lo) (local.get $hi)))
        (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
        (if (call $pred64 (local.get $pX) (local.get $mid) (local.get $w0) (local.get $b0) (local.get $below))
          (then (local.set $hi (local.get $mid)))
          (else (local.set $lo (i32.add (local.get $mid) (i32.const 1)))))
        (br $search)))
    (local.get $lo))

  ;; z(p) ≥ 0, or z(p) < 0 when `below` (z is never NaN here: w0, b0 and x are finite).
  (func $pred64 (param $pX i32) (param $p i32) (param $w0 f64) (param $b0 f64) (param $below i32) (result i32)
    (i32.xor (f64.ge (call $z64 (local.get $pX) (local.get $p) (local.get $w0) (local.get $b0)) (f64.const 0))
      (local.get $below)))


  ;; $ranges32 in float64.
  (func $ranges64 (param $P i32) (param $H i32) (param $Hp i32) (param $pX i32) (param $pW0 i32) (param $pB0 i32)
      (param $pRange i32) (param $pKey i32) (param $pHint i32) (param $zeroGrad i32) (result i32)
    (local $j i32) (local $w0 f64) (local $b0 f64) (local $lo i32) (local $a i32)
    (local $at i32) (local $key i32) (local $frozen i32)
    (loop $units
      (local.set $w0 (f64.load (i32.add (local.get $pW0) (i32.shl (local.get $j) (i32.const 3)))))
      (local.set $b0 (f64.load (i32.add (local.get $pB0) (i32.shl (local.get $j) (i32.const 3)))))
      (local.set $at (i32.add (local.get $pRange) (i32.shl (local.get $j) (i32.const 4))))
      (if (i32.and (f64.lt (f64.abs (local.get $w0)) (f64.const inf)) (f64.lt (f64.abs (local.get $b0)) (f64.const inf)))
        (then
          (if (f64.gt (local.get $w0) (f64.const 0))
            (then
              (local.set $lo
                (call $first64 (local.get $pX) (local.get $P) (local.get $w0) (local.get $b0) (i32.const 0)
                  (i32.load (i32.add (local.get $pHint) (i32.shl (local.get $j) (i32.const 2))))))
              (i32.store (i32.add (local.get $pHint) (i32.shl (local.get $j) (i32.const 2))) (local.get $lo))
              (local.set $a (local.get $lo))
              (block $scanned
                (loop $scan
                  (br_if $scanned (i32.ge_s (local.get $a) (local.get $P)))
                  (br_if $scanned (f64.ne (call $z64 (local.get $pX) (local.get $a) (local.get $w0) (local.get $b0)) (f64.const 0)))
                  (local.set $a (i32.add (local.get $a) (i32.const 1)))
                  (br $scan)))
              (call $setRange (local.get $at) (local.get $P) (local.get $lo) (local.get $P) (local.get $a) (local.get $P))
              (local.set $key (local.get $lo)))
            (else
              (if (f64.lt (local.get $w0) (f64.const 0))
                (then
                  (local.set $lo
                    (call $first64 (local.get $pX) (local.get $P) (local.get $w0) (local.get $b0) (i32.const 1)
                      (i32.load (i32.add (local.get $pHint) (i32.shl (local.get $j) (i32.const 2))))))
                  (i32.store (i32.add (local.get $pHint) (i32.shl (local.get $j) (i32.const 2))) (local.get $lo))
                  (local.set $a (local.get $lo))
                  (block $scanned
                    (loop $scan
                      (br_if $scanned (i32.le_s (local.get $a) (i32.const 0)))
                      (br_if $scanned
                        (f64.ne (call $z64 (local.get $pX) (i32.sub (local.get $a) (i32.const 1)) (local.get $w0) (local.get $b0))
                          (f64.const 0)))
                      (local.set $a (i32.sub (local.get $a) (i32.const 1)))
                      (br $scan)))
                  (call $setRange (local.get $at) (local.get $P) (i32.const 0) (local.get $lo) (i32.const 0) (local.get $a))
                  (local.set $key (i32.add (i32.add (local.get $P) (i32.const 1)) (local.get $lo))))
                (else
                  (if (i32.and (local.get $zeroGrad) (f64.eq (local.get $b0) (f64.const 0)))
                    (then
                      ;; frozen (see $unfreeze64): z = 0 at every point, a dead unit's empty R, and b0 = −1 in
                      ;; the work area, so that the backward pass meets no z = 0 of it
                      (local.set $key (local.get $P))
                      (call $setRange (local.get $at) (local.get $P) (local.get $P) (local.get $P) (i32.const 0) (i32.const 0))
                      (f64.store (i32.add (local.get $pB0) (i32.shl (local.get $j) (i32.const 3))) (f64.const -1))
                      (local.set $frozen (i32.add (local.get $frozen) (i32.const 1))))
                    (else
                      (local.set $key (select (i32.const 0) (local.get $P) (f64.ge (local.get $b0) (f64.const 0))))
                      (call $setRange (local.get $at) (local.get $P) (local.get $key) (local.get $P) (i32.const 0)
                        (select (local.get $P) (i32.const 0) (f64.gt (local.get $b0) (f64.const 0)))))))))))
        (else
          ;; w0 or b0 not finite: NaN makes z NaN at every point, never ≥ 0 (R and A empty, as a dead unit's);
          ;; ±∞ alone leaves R every point, A none (the slow path takes what the fast one cannot)
          (local.set $key (select (local.get $P) (i32.const 0) (i32.or (f64.ne (local.get $w0) (local.get $w0)) (f64.ne (local.get $b0) (local.get $b0)))))
          (call $setRange (local.get $at) (local.get $P) (local.get $key) (local.get $P) (i32.const 0) (i32.const 0))))
      (i32.store (i32.add (local.get $pKey) (i32.shl (local.get $j) (i32.const 2))) (local.get $key))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $units (i32.lt_s (local.get $j) (local.get $H))))
    (call $padRanges (local.get $P) (local.get $H) (local.get $Hp) (local.get $pRange) (local.get $pKey))
    (local.get $frozen))

  ;; $forward32 in float64: r[p] = (Σ_j w1[j]·relu(z) + b1) − y[p].
  (func $forward64 (param $P i32) (param $H i32) (param $pX i32) (param $pY i32) (param $pR i32)
      (param $pW0 i32) (param $pB0 i32) (param $pW1 i32) (param $pRange i32) (param $b1 f64) (param $safe i32)
    (local $t0 i32) (local $pb i32) (local $end i32) (local $j i32) (local $at i32) (local $xa i32) (local $rng i32) (local $stop i32)
    (local $z v128) (local $w0 v128) (local $b0 v128) (local $w1 v128) (local $b1v v128)
    (local.set $end (i32.and (i32.add (local.get $P) (i32.const 3)) (i32.const -4)))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_s (local.get $pb) (local.get $end)))
        (local.set $at (i32.add (local.get $pR) (i32.shl (local.get $pb) (i32.const 3))))
        (v128.store (local.get $at) (v128.const i64x2 0 0))
        (v128.store offset=16 (local.get $at) (v128.const i64x2 0 0))
        (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
        (br $clear)))
    ;; tiles of 2048 points (their sums stay in the L1 cache), units in order in each
    (local.set $t0 (i32.const 0))
    (block $tilesDone
      (loop $tiles
        (br_if $tilesDone (i32.ge_s (local.get $t0) (local.get $P)))
        (local.set $j (i32.const 0))
        (block $unitsDone
          (loop $units
            (br_if $unitsDone (i32.ge_s (local.get $j) (local.get $H)))
            (local.set $rng (i32.add (local.get $pRange) (i32.shl (local.get $j) (i32.const 4))))
            (local.set $pb (call $max (i32.and (i32.load (local.get $rng)) (i32.const -4)) (local.get $t0)))
            (local.set $end (call $min (i32.load offset=4 (local.get $rng)) (i32.add (local.get $t0) (i32.const 2048))))
            (if (i32.lt_s (local.get $pb) (local.get $end))
              (then
                (local.set $w0 (v128.load64_splat (i32.add (local.get $pW0) (i32.shl (local.get $j) (i32.const 3)))))
                (local.set $b0 (v128.load64_splat (i32.add (local.get $pB0) (i32.shl (local.get $j) (i32.const 3)))))
                (local.set $w1 (v128.load64_splat (i32.add (local.get $pW1) (i32.shl (local.get $j) (i32.const 3)))))
                (if (local.get $safe)
                  (then
                    (loop $blocksSafe
                      (local.set $xa (i32.add (local.get $pX) (i32.shl (local.get $pb) (i32.const 3))))
                      (local.set $at (i32.add (local.get $pR) (i32.shl (local.get $pb) (i32.const 3))))
                      (local.set $z (f64x2.add (f64x2.mul (v128.load (local.get $xa)) (local.get $w0)) (local.get $b0)))
                      (v128.store (local.get $at)
                        (f64x2.add (v128.load (local.get $at))
                          (v128.and (f64x2.mul (local.get $w1) (local.get $z)) (f64x2.gt (local.get $z) (v128.const f64x2 0 0)))))
                      (local.set $z (f64x2.add (f64x2.mul (v128.load offset=16 (local.get $xa)) (local.get $w0)) (local.get $b0)))
                      (v128.store offset=16 (local.get $at)
                        (f64x2.add (v128.load offset=16 (local.get $at))
                          (v128.and (f64x2.mul (local.get $w1) (local.get $z)) (f64x2.gt (local.get $z) (v128.const f64x2 0 0)))))
                      (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
                      (br_if $blocksSafe (i32.lt_s (local.get $pb) (local.get $end)))))
                  (else
                    (local.set $xa (i32.add (local.get $pX) (i32.shl (local.get $pb) (i32.const 3))))
                    (local.set $at (i32.add (local.get $pR) (i32.shl (local.get $pb) (i32.const 3))))
                    (local.set $stop (i32.add (local.get $pR) (i32.shl (local.get $end) (i32.const 3))))
                    (loop $blocks
                      (v128.store (local.get $at)
                        (f64x2.add (v128.load (local.get $at))
                          (f64x2.mul (local.get $w1)
                            (f64x2.pmax (v128.const f64x2 0 0)
                              (f64x2.add (f64x2.mul (v128.load (local.get $xa)) (local.get $w0)) (local.get $b0))))))
                      (v128.store offset=16 (local.get $at)
                        (f64x2.add (v128.load offset=16 (local.get $at))
                          (f64x2.mul (local.get $w1)
                            (f64x2.pmax (v128.const f64x2 0 0)
                              (f64x2.add (f64x2.mul (v128.load offset=16 (local.get $xa)) (local.get $w0)) (local.get $b0))))))
                      (local.set $xa (i32.add (local.get $xa) (i32.const 32)))
                      (local.set $at (i32.add (local.get $at) (i32.const 32)))
                      (br_if $blocks (i32.lt_u (local.get $at) (local.get $stop))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $units)))
        (local.set $t0 (i32.add (local.get $t0) (i32.const 2048)))
        (br $tiles)))
    (local.set $b1v (f64x2.splat (local.get $b1)))
    (local.set $pb (i32.const 0))
    (block $done
      (loop $points
        (br_if $done (i32.ge_s (local.get $pb) (local.get $P)))
        (local.set $at (i32.add (local.get $pR) (i32.shl (local.get $pb) (i32.const 3))))
        (local.set $xa (i32.add (local.get $pY) (i32.shl (local.get $pb) (i32.const 3))))
        (v128.store (local.get $at)
          (f64x2.sub (f64x2.add (v128.load (local.get $at)) (local.get $b1v)) (v128.load (local.get $xa))))
        (v128.store offset=16 (local.get $at)
          (f64x2.sub (f64x2.add (v128.load offset=16 (local.get $at)) (local.get $b1v)) (v128.load offset=16 (local.get $xa))))
        (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
        (br $points))))

  ;; $blockFast32 in float64 (lanes 0, 1 in the lo vectors, 2, 3 in the hi ones).
  (func $blockFast64 (param $lo i32) (param $flo i32) (param $fhi i32) (param $hi i32) (param $pX i32)
      (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $r3 i32)
      (param $w0lo v128) (param $w0hi v128) (param $b0lo v128) (param $b0hi v128) (param $w1lo v128) (param $w1hi v128)
      (param $pBlock i32) (param $zeroOk i32) (param $pLanes i32) (param $Hp i32) (param $pZeros i32) (result i32)
    (local $ax i32) (local $same i32) (local $q i32) (local $end i32) (local $stop i32)
    (local $xs v128) (local $rdlo v128) (local $rdhi v128) (local $z v128) (local $m v128) (local $d v128)
    (local $zlo v128) (local $zhi v128)
    (local $gw0lo v128) (local $gw0hi v128) (local $gb0lo v128) (local $gb0hi v128) (local $gw1lo v128) (local $gw1hi v128)
    ;; one model in all four lanes: one residual per point
    (local.set $same
      (i32.and (i32.eq (local.get $r0) (local.get $r1))
        (i32.and (i32.eq (local.get $r0) (local.get $r2)) (i32.eq (local.get $r0) (local.get $r3)))))
    (local.set $ax (i32.add (local.get $pX) (i32.shl (local.get $lo) (i32.const 3))))
    (local.set $q (i32.shl (local.get $lo) (i32.const 3)))
    (local.set $end (i32.add (local.get $pX) (i32.shl (local.get $flo) (i32.const 3))))
    (local.set $stop (i32.add (local.get $pX) (i32.shl (local.get $hi) (i32.const 3))))
    (block $done
      (loop $segments
        (if (i32.lt_u (local.get $ax) (local.get $end))
          (then
            (if (local.get $same)
              (then
                (loop $maskedSame
                  (local.set $xs (v128.load64_splat (local.get $ax)))
                  (local.set $rdlo (v128.load64_splat (i32.add (local.get $r0) (local.get $q))))
                  (local.set $z (f64x2.add (f64x2.mul (local.get $w0lo) (local.get $xs)) (local.get $b0lo)))
                  (local.set $zlo (i64x2.sub (local.get $zlo) (f64x2.eq (local.get $z) (v128.const f64x2 0 0))))
                  (local.set $m (f64x2.gt (local.get $z) (v128.const f64x2 0 0)))
                  (local.set $gw1lo
                    (f64x2.add (local.get $gw1lo) (f64x2.mul (local.get $rdlo) (v128.and (local.get $z) (local.get $m)))))
                  (local.set $d (f64x2.mul (v128.and (local.get $rdlo) (local.get $m)) (local.get $w1lo)))
                  (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $d)))
                  (local.set $gw0lo (f64x2.add (local.get $gw0lo) (f64x2.mul (local.get $d) (local.get $xs))))
                  (local.set $rdhi (local.get $rdlo))
                  (local.set $z (f64x2.add (f64x2.mul (local.get $w0hi) (local.get $xs)) (local.get $b0hi)))
                  (local.set $zhi (i64x2.sub (local.get $zhi) (f64x2.eq (local.get $z) (v128.const f64x2 0 0))))
                  (local.set $m (f64x2.gt (local.get $z) (v128.const f64x2 0 0)))
                  (local.set $gw1hi
                    (f64x2.add (local.get $gw1hi) (f64x2.mul (local.get $rdhi) (v128.and (local.get $z) (local.get $m)))))
                  (local.set $d (f64x2.mul (v128.and (local.get $rdhi) (local.get $m)) (local.get $w1hi)))
                  (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $d)))
                  (local.set $gw0hi (f64x2.add (local.get $gw0hi) (f64x2.mul (local.get $d) (local.get $xs))))
                  (local.set $ax (i32.add (local.get $ax) (i32.const 8)))
                  (local.set $q (i32.add (local.get $q) (i32.const 8)))
                  (br_if $maskedSame (i32.lt_u (local.get $ax) (local.get $end)))))
              (else
                (loop $masked
                  (local.set $xs (v128.load64_splat (local.get $ax)))
                  (local.set $rdlo
                    (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $q)) (v128.load64_splat (i32.add (local.get $r0) (local.get $q)))))
                  (local.set $z (f64x2.add (f64x2.mul (local.get $w0lo) (local.get $xs)) (local.get $b0lo)))
                  (local.set $zlo (i64x2.sub (local.get $zlo) (f64x2.eq (local.get $z) (v128.const f64x2 0 0))))
                  (local.set $m (f64x2.gt (local.get $z) (v128.const f64x2 0 0)))
                  (local.set $gw1lo
                    (f64x2.add (local.get $gw1lo) (f64x2.mul (local.get $rdlo) (v128.and (local.get $z) (local.get $m)))))
                  (local.set $d (f64x2.mul (v128.and (local.get $rdlo) (local.get $m)) (local.get $w1lo)))
                  (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $d)))
                  (local.set $gw0lo (f64x2.add (local.get $gw0lo) (f64x2.mul (local.get $d) (local.get $xs))))
                  (local.set $rdhi
                    (v128.load64_lane 1 (i32.add (local.get $r3) (local.get $q)) (v128.load64_splat (i32.add (local.get $r2) (local.get $q)))))
                  (local.set $z (f64x2.add (f64x2.mul (local.get $w0hi) (local.get $xs)) (local.get $b0hi)))
                  (local.set $zhi (i64x2.sub (local.get $zhi) (f64x2.eq (local.get $z) (v128.const f64x2 0 0))))
                  (local.set $m (f64x2.gt (local.get $z) (v128.const f64x2 0 0)))
                  (local.set $gw1hi
                    (f64x2.add (local.get $gw1hi) (f64x2.mul (local.get $rdhi) (v128.and (local.get $z) (local.get $m)))))
                  (local.set $d (f64x2.mul (v128.and (local.get $rdhi) (local.get $m)) (local.get $w1hi)))
                  (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $d)))
                  (local.set $gw0hi (f64x2.add (local.get $gw0hi) (f64x2.mul (local.get $d) (local.get $xs))))
                  (local.set $ax (i32.add (local.get $ax) (i32.const 8)))
                  (local.set $q (i32.add (local.get $q) (i32.const 8)))
                  (br_if $masked (i32.lt_u (local.get $ax) (local.get $end))))))))
        (br_if $done (i32.ge_u (local.get $ax) (local.get $stop)))
        (local.set $end (i32.add (local.get $pX) (i32.shl (local.get $fhi) (i32.const 3))))
        (if (i32.lt_u (local.get $ax) (local.get $end))
          (then
            (if (local.get $same)
              (then
                (loop $unmaskedSame
                  (local.set $xs (v128.load64_splat (local.get $ax)))
                  (local.set $rdlo (v128.load64_splat (i32.add (local.get $r0) (local.get $q))))
                  (local.set $z (f64x2.add (f64x2.mul (local.get $w0lo) (local.get $xs)) (local.get $b0lo)))
                  (local.set $gw1lo (f64x2.add (local.get $gw1lo) (f64x2.mul (local.get $rdlo) (local.get $z))))
                  (local.set $d (f64x2.mul (local.get $rdlo) (local.get $w1lo)))
                  (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $d)))
                  (local.set $gw0lo (f64x2.add (local.get $gw0lo) (f64x2.mul (local.get $d) (local.get $xs))))
                  (local.set $rdhi (local.get $rdlo))
                  (local.set $z (f64x2.add (f64x2.mul (local.get $w0hi) (local.get $xs)) (local.get $b0hi)))
                  (local.set $gw1hi (f64x2.add (local.get $gw1hi) (f64x2.mul (local.get $rdhi) (local.get $z))))
                  (local.set $d (f64x2.mul (local.get $rdhi) (local.get $w1hi)))
                  (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $d)))
                  (local.set $gw0hi (f64x2.add (local.get $gw0hi) (f64x2.mul (local.get $d) (local.get $xs))))
                  (local.set $ax (i32.add (local.get $ax) (i32.const 8)))
                  (local.set $q (i32.add (local.get $q) (i32.const 8)))
                  (br_if $unmaskedSame (i32.lt_u (local.get $ax) (local.get $end)))))
              (else
                ;; lanes of several models: each lane's residual on its own
                (loop $unmasked
                  (local.set $xs (v128.load64_splat (local.get $ax)))
                  (local.set $rdlo
                    (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $q)) (v128.load64_splat (i32.add (local.get $r0) (local.get $q)))))
                  (local.set $z (f64x2.add (f64x2.mul (local.get $w0lo) (local.get $xs)) (local.get $b0lo)))
                  (local.set $gw1lo (f64x2.add (local.get $gw1lo) (f64x2.mul (local.get $rdlo) (local.get $z))))
                  (local.set $d (f64x2.mul (local.get $rdlo) (local.get $w1lo)))
                  (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $d)))
                  (local.set $gw0lo (f64x2.add (local.get $gw0lo) (f64x2.mul (local.get $d) (local.get $xs))))
                  (local.set $rdhi
                    (v128.load64_lane 1 (i32.add (local.get $r3) (local.get $q)) (v128.load64_splat (i32.add (local.get $r2) (local.get $q)))))
                  (local.set $z (f64x2.add (f64x2.mul (local.get $w0hi) (local.get $xs)) (local.get $b0hi)))
                  (local.set $gw1hi (f64x2.add (local.get $gw1hi) (f64x2.mul (local.get $rdhi) (local.get $z))))
                  (local.set $d (f64x2.mul (local.get $rdhi) (local.get $w1hi)))
                  (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $d)))
                  (local.set $gw0hi (f64x2.add (local.get $gw0hi) (f64x2.mul (local.get $d) (local.get $xs))))
                  (local.set $ax (i32.add (local.get $ax) (i32.const 8)))
                  (local.set $q (i32.add (local.get $q) (i32.const 8)))
                  (br_if $unmasked (i32.lt_u (local.get $ax) (local.get $end))))))))
        (local.set $end (local.get $stop))
        (br $segments)))
    (call $storeBlock (local.get $pBlock) (local.get $gw0lo) (local.get $gw0hi) (local.get $gb0lo) (local.get $gb0hi)
      (local.get $gw1lo) (local.get $gw1hi))
    (call $fastStands
      (call $finite6 (local.get $gw0lo) (local.get $gw0hi) (local.get $gb0lo) (local.get $gb0hi)
        (local.get $gw1lo) (local.get $gw1hi))
      ;; the lanes' counts as four i32s (each below 2^31)
      (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $zlo) (local.get $zhi))
      (local.get $zeroOk) (local.get $pLanes) (local.get $Hp) (local.get $pZeros)))

  ;; $pairFast32 in float64: lanes 0 and 1 (w0, b0, w1 their float64 pairs)
  ;; over [lo, hi), unmasked on [flo, fhi); stores the sums at pOut, pOut + 32
  ;; and pOut + 64 and returns whether they are finite and each lane's number
  ;; of z = 0 (as i64s).
  (func $pairFast64 (param $lo i32) (param $flo i32) (param $fhi i32) (param $hi i32) (param $pX i32)
      (param $r0 i32) (param $r1 i32) (param $w0 v128) (param $b0 v128) (param $w1 v128) (param $pOut i32)
      (result i32 v128)
    (local $ax i32) (local $q i32) (local $end i32) (local $stop i32)
    (local $xs v128) (local $rd v128) (local $z v128) (local $m v128) (local $d v128) (local $zeros v128)
    (local $gw0 v128) (local $gb0 v128) (local $gw1 v128)
    (local.set $ax (i32.add (local.get $pX) (i32.shl (local.get $lo) (i32.const 3))))
    (local.set $q (i32.shl (local.get $lo) (i32.const 3)))
    (local.set $end (i32.add (local.get $pX) (i32.shl (local.get $flo) (i32.const 3))))
    (local.set $stop (i32.add (local.get $pX) (i32.shl (local.get $hi) (i32.const 3))))
    (block $done
      (loop $segments
        (if (i32.lt_u (local.get $ax) (local.get $end))
          (then
            (loop $masked
              (local.set $xs (v128.load64_splat (local.get $ax)))
              (local.set $rd
                (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $q)) (v128.load64_splat (i32.add (local.get $r0) (local.get $q)))))
              (local.set $z (f64x2.add (f64x2.mul (local.get $w0) (local.get $xs)) (local.get $b0)))
              (local.set $zeros (i64x2.sub (local.get $zeros) (f64x2.eq (local.get $z) (v128.const f64x2 0 0))))
              (local.set $m (f64x2.gt (local.get $z) (v128.const f64x2 0 0)))
              (local.set $gw1
                (f64x2.add (local.get $gw1) (f64x2.mul (local.get $rd) (v128.and (local.get $z) (local.get $m)))))
              (local.set $d (f64x2.mul (v128.and (local.get $rd) (local.get $m)) (local.get $w1)))
              (local.set $gb0 (f64x2.add (local.get $gb0) (local.get $d)))
              (local.set $gw0 (f64x2.add (local.get $gw0) (f64x2.mul (local.get $d) (local.get $xs))))
              (local.set $ax (i32.add (local.get $ax) (i32.const 8)))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (br_if $masked (i32.lt_u (local.get $ax) (local.get $end))))))
        (br_if $done (i32.ge_u (local.get $ax) (local.get $stop)))
        (local.set $end (i32.add (local.get $pX) (i32.shl (local.get $fhi) (i32.const 3))))
        (if (i32.lt_u (local.get $ax) (local.get $end))
          (then
            (loop $unmasked
              (local.set $xs (v128.load64_splat (local.get $ax)))
              (local.set $rd
                (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $q)) (v128.load64_splat (i32.add (local.get $r0) (local.get $q)))))
              (local.set $z (f64x2.add (f64x2.mul (local.get $w0) (local.get $xs)) (local.get $b0)))
              (local.set $gw1 (f64x2.add (local.get $gw1) (f64x2.mul (local.get $rd) (local.get $z))))
              (local.set $d (f64x2.mul (local.get $rd) (local.get $w1)))
              (local.set $gb0 (f64x2.add (local.get $gb0) (local.get $d)))
              (local.set $gw0 (f64x2.add (local.get $gw0) (f64x2.mul (local.get $d) (local.get $xs))))
              (local.set $ax (i32.add (local.get $ax) (i32.const 8)))
              (local.set $q (i32.add (local.get $q) (i32.const 8)))
              (br_if $unmasked (i32.lt_u (local.get $ax) (local.get $end))))))
        (local.set $end (local.get $stop))
        (br $segments)))
    (v128.store (local.get $pOut) (local.get $gw0))
    (v128.store offset=32 (local.get $pOut) (local.get $gb0))
    (v128.store offset=64 (local.get $pOut) (local.get $gw1))
    (i64x2.all_true
      (v128.and
        (v128.and
          (f64x2.lt (f64x2.abs (local.get $gw0)) (v128.const f64x2 inf inf))
          (f64x2.lt (f64x2.abs (local.get $gb0)) (v128.const f64x2 inf inf)))
        (f64x2.lt (f64x2.abs (local.get $gw1)) (v128.const f64x2 inf inf))))
    (local.get $zeros))

  ;; $blockSlow32 in float64.
  (func $blockSlow64 (param $lo i32) (param $hi i32) (param $H i32) (param $Hp i32) (param $pLanes i32)
      (param $pX i32) (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $r3 i32)
      (param $w0lo v128) (param $w0hi v128) (param $b0lo v128) (param $b0hi v128) (param $w1lo v128) (param $w1hi v128)
      (param $pBlock i32) (param $pHash i32) (param $pZeros i32) (param $random i32) (param $fixedGradAtZero f64)
    (local $p i32) (local $bits i32) (local $ph i32) (local $q i32)
    (local $h0 i32) (local $h1 i32) (local $h2 i32) (local $h3 i32) (local $j0 i32) (local $j1 i32) (local $j2 i32) (local $j3 i32)
    (local $xs v128) (local $rdlo v128) (local $rdhi v128) (local $zlo v128) (local $zhi v128)
    (local $mlo v128) (local $mhi v128) (local $qlo v128) (local $qhi v128) (local $dlo v128) (local $dhi v128)
    (local $gw0lo v128) (local $gw0hi v128) (local $gb0lo v128) (local $gb0hi v128) (local $gw1lo v128) (local $gw1hi v128)
    (call $laneInfo (local.get $pLanes) (i32.const 0) (local.get $Hp) (local.get $pHash))
    (local.set $j0)
    (local.set $h0)
    (call $laneInfo (local.get $pLanes) (i32.const 1) (local.get $Hp) (local.get $pHash))
    (local.set $j1)
    (local.set $h1)
    (call $laneInfo (local.get $pLanes) (i32.const 2) (local.get $Hp) (local.get $pHash))
    (local.set $j2)
    (local.set $h2)
    (call $laneInfo (local.get $pLanes) (i32.const 3) (local.get $Hp) (local.get $pHash))
    (local.set $j3)
    (local.set $h3)
    (local.set $p (local.get $lo))
    (block $done
      (loop $points
        (br_if $done (i32.ge_s (local.get $p) (local.get $hi)))
        (local.set $xs (v128.load64_splat (i32.add (local.get $pX) (i32.shl (local.get $p) (i32.const 3)))))
        (local.set $q (i32.shl (local.get $p) (i32.const 3)))
        (local.set $rdlo
          (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $q)) (v128.load64_splat (i32.add (local.get $r0) (local.get $q)))))
        (local.set $rdhi
          (v128.load64_lane 1 (i32.add (local.get $r3) (local.get $q)) (v128.load64_splat (i32.add (local.get $r2) (local.get $q)))))
        (local.set $zlo (f64x2.add (f64x2.mul (local.get $w0lo) (local.get $xs)) (local.get $b0lo)))
        (local.set $zhi (f64x2.add (f64x2.mul (local.get $w0hi) (local.get $xs)) (local.get $b0hi)))
        (local.set $mlo (f64x2.gt (local.get $zlo) (v128.const f64x2 0 0)))
        (local.set $mhi (f64x2.gt (local.get $zhi) (v128.const f64x2 0 0)))
        (local.set $qlo (f64x2.eq (local.get $zlo) (v128.const f64x2 0 0)))
        (local.set $qhi (f64x2.eq (local.get $zhi) (v128.const f64x2 0 0)))
        (local.set $gw1lo
          (f64x2.add (local.get $gw1lo) (v128.and (f64x2.mul (local.get $rdlo) (local.get $zlo)) (local.get $mlo))))
        (local.set $gw1hi
          (f64x2.add (local.get $gw1hi) (v128.and (f64x2.mul (local.get $rdhi) (local.get $zhi)) (local.get $mhi))))
        (local.set $dlo (f64x2.mul (local.get $rdlo) (local.get $w1lo)))
        (local.set $dhi (f64x2.mul (local.get $rdhi) (local.get $w1hi)))
        (local.set $bits
          (i32.or (i64x2.bitmask (local.get $qlo)) (i32.shl (i64x2.bitmask (local.get $qhi)) (i32.const 2))))
        (if (local.get $bits)
          (then
            (call $countZeros (local.get $bits) (local.get $pLanes) (local.get $Hp) (local.get $pZeros))
            (local.set $ph (i32.mul (local.get $p) (local.get $H)))
            (local.set $dlo
              (v128.or
                (v128.and (local.get $dlo) (local.get $mlo))
                (v128.and
                  (f64x2.mul (local.get $dlo)
                    (call $gradPair (local.get $bits)
                      (local.get $h0) (i32.add (local.get $ph) (local.get $j0))
                      (local.get $h1) (i32.add (local.get $ph) (local.get $j1))
                      (local.get $random) (local.get $fixedGradAtZero)))
                  (local.get $qlo))))
            (local.set $dhi
              (v128.or
                (v128.and (local.get $dhi) (local.get $mhi))
                (v128.and
                  (f64x2.mul (local.get $dhi)
                    (call $gradPair (i32.shr_u (local.get $bits) (i32.const 2))
                      (local.get $h2) (i32.add (local.get $ph) (local.get $j2))
                      (local.get $h3) (i32.add (local.get $ph) (local.get $j3))
                      (local.get $random) (local.get $fixedGradAtZero)))
                  (local.get $qhi))))
            (local.set $mlo (v128.or (local.get $mlo) (local.get $qlo)))
            (local.set $mhi (v128.or (local.get $mhi) (local.get $qhi))))
          (else
            (local.set $dlo (v128.and (local.get $dlo) (local.get $mlo)))
            (local.set $dhi (v128.and (local.get $dhi) (local.get $mhi)))))
        (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $dlo)))
        (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $dhi)))
        (local.set $gw0lo
          (f64x2.add (local.get $gw0lo) (v128.and (f64x2.mul (local.get $dlo) (local.get $xs)) (local.get $mlo))))
        (local.set $gw0hi
          (f64x2.add (local.get $gw0hi) (v128.and (f64x2.mul (local.get $dhi) (local.get $xs)) (local.get $mhi))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $points)))
    (call $storeBlock (local.get $pBlock) (local.get $gw0lo) (local.get $gw0hi) (local.get $gb0lo) (local.get $gb0hi)
      (local.get $gw1lo) (local.get $gw1hi)))

  ;; $backward32 in float64.
  (func $backward64 (param $n i32) (param $H i32) (param $Hp i32) (param $pX i32) (param $pRow i32)
      (param $pW0 i32) (param $pB0 i32) (param $pW1 i32) (param $pRange i32) (param $pPerm i32) (param $pBlock i32)
      (param $pGw0 i32) (param $pGb0 i32) (param $pGw1 i32) (param $pHash i32) (param $pZeros i32)
      (param $random i32) (param $fixedGradAtZero f64) (param $pLoss i32)
    (local $jb i32) (local $pp i32) (local $u0 i32) (local $u1 i32) (local $u2 i32) (local $u3 i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $lo i32) (local $flo i32) (local $fhi i32) (local $hi i32)
    (local $loA i32) (local $floA i32) (local $fhiA i32) (local $hiA i32) (local $faA i32) (local $feA i32)
    (local $loB i32) (local $floB i32) (local $fhiB i32) (local $hiB i32) (local $faB i32) (local $feB i32)
    (local $finiteA i32) (local $finiteB i32) (local $stands i32) (local $countsA v128) (local $countsB v128)
    (local $zeroOk i32)
    (local $w0lo v128) (local $w0hi v128) (local $b0lo v128) (local $b0hi v128) (local $w1lo v128) (local $w1hi v128)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_s (local.get $jb) (local.get $n)))
        (local.set $pp (i32.add (local.get $pPerm) (i32.shl (local.get $jb) (i32.const 2))))
        ;; the hulls of lanes 0, 1 and of lanes 2, 3, then of the block
        (call $rawRange (local.get $pp) (local.get $pRange) (i32.const 2))
        (local.set $feA)
        (local.set $faA)
        (local.set $hiA)
        (local.set $loA)
        (call $rawRange (i32.add (local.get $pp) (i32.const 8)) (local.get $pRange) (i32.const 2))
        (local.set $feB)
        (local.set $faB)
        (local.set $hiB)
        (local.set $loB)
        (call $span (call $min (local.get $loA) (local.get $loB)) (call $max (local.get $hiA) (local.get $hiB))
          (call $max (local.get $faA) (local.get $faB)) (call $min (local.get $feA) (local.get $feB)))
        (local.set $hi)
        (local.set $fhi)
        (local.set $flo)
        (local.set $lo)
        (if (i32.lt_s (local.get $lo) (local.get $hi))
          (then
            (local.set $u0 (i32.load (local.get $pp)))
            (local.set $u1 (i32.load offset=4 (local.get $pp)))
            (local.set $u2 (i32.load offset=8 (local.get $pp)))
            (local.set $u3 (i32.load offset=12 (local.get $pp)))
            (local.set $w0lo (call $gather64 (local.get $pW0) (local.get $u0) (local.get $u1)))
            (local.set $w0hi (call $gather64 (local.get $pW0) (local.get $u2) (local.get $u3)))
            (local.set $b0lo (call $gather64 (local.get $pB0) (local.get $u0) (local.get $u1)))
            (local.set $b0hi (call $gather64 (local.get $pB0) (local.get $u2) (local.get $u3)))
            (local.set $w1lo (call $gather64 (local.get $pW1) (local.get $u0) (local.get $u1)))
            (local.set $w1hi (call $gather64 (local.get $pW1) (local.get $u2) (local.get $u3)))
            (call $rows (local.get $pp) (local.get $pRow))
            (local.set $r3)
            (local.set $r2)
            (local.set $r1)
            (local.set $r0)
            ;; $bounded64 only when relu'(0) is the fixed 0: not a cost of every block
            (local.set $zeroOk
              (if (result i32) (call $zeroGrad (local.get $random) (local.get $fixedGradAtZero))
                (then (call $bounded64 (local.get $pp) (local.get $Hp) (local.get $pLoss) (local.get $w1lo) (local.get $w1hi)))
                (else (i32.const 0))))
            ;; lanes 0, 1 and lanes 2, 3 on their own hulls, when those are shorter (see $pairFast32)
            (if (i32.lt_s
                  (i32.mul (i32.const 3)
                    (i32.add (call $max (i32.sub (local.get $hiA) (local.get $loA)) (i32.const 0))
                      (call $max (i32.sub (local.get $hiB) (local.get $loB)) (i32.const 0))))
                  (i32.mul (i32.const 5) (i32.sub (local.get $hi) (local.get $lo))))
              (then
                (call $span (local.get $loA) (local.get $hiA) (local.get $faA) (local.get $feA))
                (local.set $hiA)
                (local.set $fhiA)
                (local.set $floA)
                (local.set $loA)
                (call $span (local.get $loB) (local.get $hiB) (local.get $faB) (local.get $feB))
                (local.set $hiB)
                (local.set $fhiB)
                (local.set $floB)
                (local.set $loB)
                (call $pairFast64 (local.get $loA) (local.get $floA) (local.get $fhiA) (local.get $hiA) (local.get $pX)
                  (local.get $r0) (local.get $r1) (local.get $w0lo) (local.get $b0lo) (local.get $w1lo) (local.get $pBlock))
                (local.set $countsA)
                (local.set $finiteA)
                (call $pairFast64 (local.get $loB) (local.get $floB) (local.get $fhiB) (local.get $hiB) (local.get $pX)
                  (local.get $r2) (local.get $r3) (local.get $w0hi) (local.get $b0hi) (local.get $w1hi)
                  (i32.add (local.get $pBlock) (i32.const 16)))
                (local.set $countsB)
                (local.set $finiteB)
                (local.set $stands
                  (call $fastStands (i32.and (local.get $finiteA) (local.get $finiteB))
                    ;; the lanes' counts as four i32s (each below 2^31)
                    (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $countsA) (local.get $countsB))
                    (local.get $zeroOk) (local.get $pp) (local.get $Hp) (local.get $pZeros))))
              (else
                (local.set $stands
                  (call $blockFast64 (local.get $lo) (local.get $flo) (local.get $fhi) (local.get $hi) (local.get $pX)
                    (local.get $r0) (local.get $r1) (local.get $r2) (local.get $r3)
                    (local.get $w0lo) (local.get $w0hi) (local.get $b0lo) (local.get $b0hi) (local.get $w1lo) (local.get $w1hi)
                    (local.get $pBlock) (local.get $zeroOk) (local.get $pp) (local.get $Hp) (local.get $pZeros)))))
            (if (i32.eqz (local.get $stands))
              (then
                (call $blockSlow64 (local.get $lo) (local.get $hi) (local.get $H) (local.get $Hp) (local.get $pp)
                  (local.get $pX) (local.get $r0) (local.get $r1) (local.get $r2) (local.get $r3)
                  (local.get $w0lo) (local.get $w0hi) (local.get $b0lo) (local.get $b0hi) (local.get $w1lo) (local.get $w1hi)
                  (local.get $pBlock) (local.get $pHash) (local.get $pZeros) (local.get $random) (local.get $fixedGradAtZero)))))
          (else
            (call $storeBlock (local.get $pBlock) (v128.const i64x2 0 0) (v128.const i64x2 0 0) (v128.const i64x2 0 0)
              (v128.const i64x2 0 0) (v128.const i64x2 0 0) (v128.const i64x2 0 0))))
        (call $scatter (local.get $pp) (local.get $pBlock) (local.get $pGw0) (local.get $pGb0) (local.get $pGw1))
        (local.set $jb (i32.add (local.get $jb) (i32.const 4)))
        (br $blocks))))

  ;; The float64 kernel (runFusedSteps64): the same steps with no rounding to
  ;; float32; flags as for run32.
  (func (export "run64")
      (param $P i32) (param $H i32) (param $M i32) (param $G i32) (param $steps i32) (param $stepOffset i32)
      (param $width i32) (param $colLoss i32) (param $colZeros i32) (param $flags i32)
      (param $lr f64) (param $scale f64) (param $fixedGradAtZero f64)
      (param $b1 f64) (param $b2 f64) (param $o1 f64) (param $o2 f64) (param $eps f64)
      (param $pX i32) (param $pY i32) (param $pR i32) (param $pSeeds i32) (param $pSched i32)
      (param $pOut i32) (param $pWork i32)
    (local $Hp i32) (local $n i32) (local $first i32) (local $K i32) (local $k i32) (local $s i32) (local $j i32) (local $i i32)
    (local $row i32) (local $a i32) (local $rowBytes i32) (local $nSteps i32) (local $safe i32) (local $frozen i32)
    (local $pW0 i32) (local $pB0 i32) (local $pW1 i32) (local $pGw0 i32) (local $pGb0 i32) (local $pGw1 i32) (local $pGrad i32)
    (local $pRange i32) (local $pKey i32) (local $pPerm i32) (local $pCount i32) (local $pHint i32) (local $pRow i32)
    (local $pLoss i32) (local $pGb1 i32) (local $pZeros i32) (local $pHash i32) (local $pBlock i32)
    (local $w0k i32) (local $b0k i32) (local $w1k i32) (local $gw0k i32) (local $gb0k i32) (local $gw1k i32)
    (local $w f64) (local $b f64) (local $v f64) (local $g f64) (local $mo f64) (local $vo f64) (local $bc1 f64) (local $bc2 f64)
    (local.set $Hp (i32.and (i32.add (local.get $H) (i32.const 3)) (i32.const -4)))
    (local.set $n (i32.add (i32.mul (local.get $H) (i32.const 3)) (i32.const 1)))
    (call $layout (local.get $pWork) (local.get $Hp) (local.get $G))
    (drop)
    (local.set $pBlock)
    (local.set $pHash)
    (local.set $pZeros)
    (local.set $pGb1)
    (local.set $pLoss)
    (local.set $pRow)
    (local.set $pHint)
    (local.set $pCount)
    (local.set $pPerm)
    (local.set $pKey)
    (local.set $pRange)
    (local.set $pGrad)
    (local.set $pGw1)
    (local.set $pGb0)
    (local.set $pGw0)
    (local.set $pW1)
    (local.set $pB0)
    (local.set $pW0)
    (local.set $rowBytes (i32.shl (i32.and (i32.add (local.get $P) (i32.const 3)) (i32.const -4)) (i32.const 3)))
    (call $laneRows (i32.mul (local.get $G) (local.get $Hp)) (local.get $Hp) (local.get $pR) (local.get $rowBytes)
      (local.get $pRow))
    (call $padUnits (local.get $G) (local.get $H) (local.get $Hp) (local.get $pW0) (local.get $pB0) (local.get $pW1) (i32.const 1))
    (local.set $nSteps (select (local.get $steps) (i32.const 1) (i32.gt_s (local.get $steps) (i32.const 0))))
    (block $groups
      (loop $group
        (br_if $groups (i32.ge_s (local.get $first) (local.get $M)))
        (local.set $K (call $min (local.get $G) (i32.sub (local.get $M) (local.get $first))))
        (call $fill32 (local.get $pHint) (i32.mul (local.get $K) (local.get $Hp)) (i32.const -1))
        (local.set $s (i32.const 0))
        (block $stepsDone
          (loop $step
            (local.set $k (i32.const 0))
            (loop $models
              (local.set $row
                (i32.add (local.get $pOut)
                  (i32.shl (i32.mul (i32.add (local.get $first) (local.get $k)) (local.get $width)) (i32.const 3))))
              (local.set $w0k (i32.add (local.get $pW0) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 3))))
              (local.set $b0k (i32.add (local.get $pB0) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 3))))
              (local.set $w1k (i32.add (local.get $pW1) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 3))))
              (local.set $safe (i32.const 0))
              (local.set $j (i32.const 0))
              (block $unpacked
                (loop $unpack
                  (br_if $unpacked (i32.ge_s (local.get $j) (local.get $H)))
                  (local.set $w (f64.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3)))))
                  (local.set $b (f64.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $j) (local.get $H)) (i32.const 3)))))
                  (local.set $v
                    (f64.load
                      (i32.add (local.get $row)
                        (i32.shl (i32.add (local.get $j) (i32.shl (local.get $H) (i32.const 1))) (i32.const 3)))))
                  (f64.store (i32.add (local.get $w0k) (i32.shl (local.get $j) (i32.const 3))) (local.get $w))
                  (f64.store (i32.add (local.get $b0k) (i32.shl (local.get $j) (i32.const 3))) (local.get $b))
                  (f64.store (i32.add (local.get $w1k) (i32.shl (local.get $j) (i32.const 3))) (local.get $v))
                  (local.set $safe
                    (i32.or (local.get $safe) (i32.eqz (f64.lt (f64.abs (local.get $v)) (f64.const inf)))))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $unpack)))
              (local.set $a (i32.mul (local.get $k) (local.get $Hp)))
              (if (i32.and (i32.ne (i32.and (local.get $flags) (i32.const 8)) (i32.const 0))
                  (i32.and (i32.gt_s (local.get $P) (i32.const 0)) (i32.gt_s (local.get $H) (i32.const 0))))
                (then
                  (local.set $frozen
                    (call $ranges64 (local.get $P) (local.get $H) (local.get $Hp) (local.get $pX) (local.get $w0k) (local.get $b0k)
                      (i32.add (local.get $pRange) (i32.shl (local.get $a) (i32.const 4)))
                      (i32.add (local.get $pKey) (i32.shl (local.get $a) (i32.const 2)))
                      (i32.add (local.get $pHint) (i32.shl (local.get $a) (i32.const 2)))
                      (call $zeroGrad (i32.and (local.get $flags) (i32.const 2)) (local.get $fixedGradAtZero)))))
                (else
                  (local.set $frozen (i32.const 0))
                  (call $fullRanges (local.get $P) (local.get $H) (local.get $Hp)
                    (i32.add (local.get $pRange) (i32.shl (local.get $a) (i32.const 4)))
                    (i32.add (local.get $pKey) (i32.shl (local.get $a) (i32.const 2))))))
              (i32.store (i32.add (local.get $pHash) (i32.shl (local.get $k) (i32.const 2)))
                (call $hash32
                  (i32.xor
                    (i32.load (i32.add (local.get $pSeeds) (i32.shl (i32.add (local.get $first) (local.get $k)) (i32.const 2))))
                    (i32.add (local.get $stepOffset) (local.get $s)))))
              ;; a frozen unit's z is 0 at each of the P points; $unfreeze takes the count back if it must
              (i32.store (i32.add (local.get $pZeros) (i32.shl (local.get $k) (i32.const 2)))
                (i32.mul (local.get $frozen) (local.get $P)))
              (call $forward64 (local.get $P) (local.get $H) (local.get $pX) (local.get $pY)
                (i32.add (local.get $pR) (i32.mul (local.get $k) (local.get $rowBytes)))
                (local.get $w0k) (local.get $b0k) (local.get $w1k)
                (i32.add (local.get $pRange) (i32.shl (local.get $a) (i32.const 4)))
                (f64.load (i32.add (local.get $row) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 3))))
                (local.get $safe))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $models (i32.lt_s (local.get $k) (local.get $K))))
            (call $lossGroup (local.get $P) (local.get $K) (local.get $pR) (local.get $rowBytes) (local.get $pLoss) (local.get $pGb1))
            (if (i32.or (local.get $steps) (i32.and (local.get $flags) (i32.const 4)))
              (then
                (call $unfreeze64 (local.get $P) (local.get $H) (local.get $Hp) (local.get $K)
                  (i32.add (local.get $pOut) (i32.shl (i32.mul (local.get $first) (local.get $width)) (i32.const 3)))
                  (i32.shl (local.get $width) (i32.const 3))
                  (local.get $pB0) (local.get $pRange) (local.get $pKey) (local.get $pLoss) (local.get $pZeros))
                ;; only speed depends on the lanes' order, and ranges move slowly: re-sort every 8 updates
                (if (i32.eqz (i32.and (local.get $s) (i32.const 7)))
                  (then
                    (call $sortLanes (i32.mul (local.get $K) (local.get $Hp))
                      (i32.add (i32.shl (local.get $P) (i32.const 1)) (i32.const 2))
                      (local.get $pKey) (local.get $pCount) (local.get $pPerm))))
                (call $backward64 (i32.mul (local.get $K) (local.get $Hp)) (local.get $H) (local.get $Hp)
                  (local.get $pX) (local.get $pRow)
                  (local.get $pW0) (local.get $pB0) (local.get $pW1) (local.get $pRange) (local.get $pPerm) (local.get $pBlock)
                  (local.get $pGw0) (local.get $pGb0) (local.get $pGw1) (local.get $pHash) (local.get $pZeros)
                  (i32.and (local.get $flags) (i32.const 2)) (local.get $fixedGradAtZero) (local.get $pLoss))))
            (local.set $k (i32.const 0))
            (loop $updates
              (local.set $row
                (i32.add (local.get $pOut)
                  (i32.shl (i32.mul (i32.add (local.get $first) (local.get $k)) (local.get $width)) (i32.const 3))))
              (f64.store
                (i32.add (local.get $row) (i32.shl (i32.add (local.get $colLoss) (local.get $s)) (i32.const 3)))
                (f64.div (f64.load (i32.add (local.get $pLoss) (i32.shl (local.get $k) (i32.const 3))))
                  (f64.convert_i32_s (local.get $P))))
              (if (i32.and (local.get $flags) (i32.const 4))
                (then
                  (f64.store
                    (i32.add (local.get $row) (i32.shl (i32.add (local.get $colZeros) (local.get $s)) (i32.const 3)))
                    (f64.convert_i32_u (i32.load (i32.add (local.get $pZeros) (i32.shl (local.get $k) (i32.const 2))))))))
              (if (local.get $steps)
                (then
                  (local.set $gw0k (i32.add (local.get $pGw0) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 3))))
                  (local.set $gb0k (i32.add (local.get $pGb0) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 3))))
                  (local.set $gw1k (i32.add (local.get $pGw1) (i32.shl (i32.mul (local.get $k) (local.get $Hp)) (i32.const 3))))
                  (local.set $j (i32.const 0))
                  (block $gradsDone
                    (loop $grads
                      (br_if $gradsDone (i32.ge_s (local.get $j) (local.get $H)))
                      (f64.store (i32.add (local.get $pGrad) (i32.shl (local.get $j) (i32.const 3)))
                        (f64.mul (f64.load (i32.add (local.get $gw0k) (i32.shl (local.get $j) (i32.const 3)))) (local.get $scale)))
                      (f64.store (i32.add (local.get $pGrad) (i32.shl (i32.add (local.get $j) (local.get $H)) (i32.const 3)))
                        (f64.mul (f64.load (i32.add (local.get $gb0k) (i32.shl (local.get $j) (i32.const 3)))) (local.get $scale)))
                      (f64.store
                        (i32.add (local.get $pGrad)
                          (i32.shl (i32.add (local.get $j) (i32.shl (local.get $H) (i32.const 1))) (i32.const 3)))
                        (f64.mul (f64.load (i32.add (local.get $gw1k) (i32.shl (local.get $j) (i32.const 3)))) (local.get $scale)))
                      (local.set $j (i32.add (local.get $j) (i32.const 1)))
                      (br $grads)))
                  (f64.store (i32.add (local.get $pGrad) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 3)))
                    (f64.mul (f64.load (i32.add (local.get $pGb1) (i32.shl (local.get $k) (i32.const 3)))) (local.get $scale)))
                  (local.set $i (i32.const 0))
                  (if (i32.and (local.get $flags) (i32.const 1))
                    (then
                      (local.set $bc1 (f64.load (i32.add (local.get $pSched) (i32.shl (local.get $s) (i32.const 4)))))
                      (local.set $bc2 (f64.load offset=8 (i32.add (local.get $pSched) (i32.shl (local.get $s) (i32.const 4)))))
                      (loop $adam
                        (local.set $g (f64.load (i32.add (local.get $pGrad) (i32.shl (local.get $i) (i32.const 3)))))
                        (local.set $a (i32.add (local.get $row) (i32.shl (i32.add (local.get $i) (local.get $n)) (i32.const 3))))
                        (local.set $mo
                          (f64.add (f64.mul (local.get $b1) (f64.load (local.get $a))) (f64.mul (local.get $o1) (local.get $g))))
                        (f64.store (local.get $a) (local.get $mo))
                        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 3))))
                        (local.set $vo
                          (f64.add (f64.mul (local.get $b2) (f64.load (local.get $a)))
                            (f64.mul (f64.mul (local.get $o2) (local.get $g)) (local.get $g))))
                        (f64.store (local.get $a) (local.get $vo))
                        (local.set $a (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 3))))
                        (f64.store (local.get $a)
                          (f64.sub (f64.load (local.get $a))
                            (f64.div
                              (f64.mul (local.get $lr) (f64.div (local.get $mo) (local.get $bc1)))
                              (f64.add (f64.sqrt (f64.div (local.get $vo) (local.get $bc2))) (local.get $eps)))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br_if $adam (i32.lt_s (local.get $i) (local.get $n)))))
                    (else
                      (loop $sgd
                        (local.set $a (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 3))))
                        (f64.store (local.get $a)
                          (f64.sub (f64.load (local.get $a))
                            (f64.mul (local.get $lr) (f64.load (i32.add (local.get $pGrad) (i32.shl (local.get $i) (i32.const 3)))))))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br_if $sgd (i32.lt_s (local.get $i) (local.get $n))))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $updates (i32.lt_s (local.get $k) (local.get $K))))
            (br_if $stepsDone (i32.eqz (local.get $steps)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br_if $step (i32.lt_s (local.get $s) (local.get $nSteps)))))
        (local.set $first (i32.add (local.get $first) (local.get $G)))
        (br $group))))

  ;; ------------------------------------------------- any piecewise-linear activation

  ;; The kernels for an activation other than relu: a(z) = (z > 0 ? right : left)·z with float32 slopes (held in
  ;; float64), a'(z) the slope of z's side and, at z = 0 exactly, the kink derivative (the fixed value, or
  ;; left + (right − left)·u with u the hash draw of (model's update, p·H + j)). `gen32` follows runFusedSteps
  ;; and `gen64` runFusedSteps64 (kernel_cpu.ts, kernel_cpu64.ts) bit for bit, model by model: where the left
  ;; slope is not 0 every point adds to every unit's sums, so relu's ranges (the points with z ≥ 0) do not apply.
  ;; Their arguments are run32's and run64's, then the two slopes. gen64 is scalar, operation for operation the
  ;; JavaScript loop; its work area holds z (8H bytes), the sums gw0, gb0, gw1 (24H) and the gradient (8(3H + 1)).

  ;; The derivative at the kink: the fixed value, or left + (right − left)·u.
  (func $kink (param $stepHash i32) (param $idx i32) (param $random i32) (param $fixed f64) (param $left f64)
      (param $right f64) (result f64)
    (if (result f64) (local.get $random)
      (then
        (f64.add (local.get $left)
          (f64.mul (f64.sub (local.get $right) (local.get $left))
            (call $gradAtZero (local.get $stepHash) (local.get $idx) (i32.const 1) (f64.const 0)))))
      (else (local.get $fixed))))

  (func (export "gen64")
      (param $P i32) (param $H i32) (param $M i32) (param $G i32) (param $steps i32) (param $stepOffset i32)
      (param $width i32) (param $colLoss i32) (param $colZeros i32) (param $flags i32)
      (param $lr f64) (param $scale f64) (param $fixedGradAtZero f64)
      (param $beta1 f64) (param $beta2 f64) (param $omb1 f64) (param $omb2 f64) (param $eps f64)
      (param $pX i32) (param $pY i32) (param $pR i32) (param $pSeeds i32) (param $pSched i32)
      (param $pOut i32) (param $pWork i32) (param $left f64) (param $right f64)
    (local $m i32) (local $s i32) (local $p i32) (local $j i32) (local $i i32) (local $n i32) (local $nSteps i32)
    (local $row i32) (local $a i32) (local $zeros i32) (local $stepHash i32)
    (local $pZ i32) (local $pGw0 i32) (local $pGb0 i32) (local $pGw1 i32) (local $pGrad i32)
    (local $z f64) (local $bias f64) (local $g f64) (local $mo f64) (local $vo f64) (local $bc1 f64) (local $bc2 f64)
    (local $xp f64) (local $sum f64) (local $r f64) (local $loss f64) (local $gb1 f64) (local $d f64) (local $w1 f64)
    (local.set $n (i32.add (i32.mul (local.get $H) (i32.const 3)) (i32.const 1)))
    (local.set $pZ (local.get $pWork))
    (local.set $pGw0 (i32.add (local.get $pZ) (i32.shl (local.get $H) (i32.const 3))))
    (local.set $pGb0 (i32.add (local.get $pGw0) (i32.shl (local.get $H) (i32.const 3))))
    (local.set $pGw1 (i32.add (local.get $pGb0) (i32.shl (local.get $H) (i32.const 3))))
    (local.set $pGrad (i32.add (local.get $pGw1) (i32.shl (local.get $H) (i32.const 3))))
    (local.set $nSteps (select (local.get $steps) (i32.const 1) (i32.gt_s (local.get $steps) (i32.const 0))))
    (block $modelsDone
      (loop $models
        (br_if $modelsDone (i32.ge_s (local.get $m) (local.get $M)))
        (local.set $row (i32.add (local.get $pOut) (i32.shl (i32.mul (local.get $m) (local.get $width)) (i32.const 3))))
        (local.set $s (i32.const 0))
        (block $stepsDone
          (loop $step
            (local.set $bias (f64.load (i32.add (local.get $row) (i32.shl (i32.mul (local.get $H) (i32.const 3)) (i32.const 3)))))
            (local.set $loss (f64.const 0))
            (local.set $gb1 (f64.const 0))
            (local.set $zeros (i32.const 0))
            (local.set $stepHash
              (call $hash32
                (i32.xor (i32.load (i32.add (local.get $pSeeds) (i32.shl (local.get $m) (i32.const 2))))
                  (i32.add (local.get $stepOffset) (local.get $s)))))
            (call $fill32 (local.get $pGw0) (i32.mul (local.get $H) (i32.const 6)) (i32.const 0))
            (local.set $p (i32.const 0))
            (block $pointsDone
              (loop $points
                (br_if $pointsDone (i32.ge_s (local.get $p) (local.get $P)))
                (local.set $xp (f64.load (i32.add (local.get $pX) (i32.shl (local.get $p) (i32.const 3)))))
                (local.set $sum (f64.const 0))
                (local.set $j (i32.const 0))
                (block $fwdDone
                  (loop $fwd
                    (br_if $fwdDone (i32.ge_s (local.get $j) (local.get $H)))
                    (local.set $z
                      (f64.add
                        (f64.mul (f64.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3)))) (local.get $xp))
                        (f64.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $H) (local.get $j)) (i32.const 3))))))
                    (f64.store (i32.add (local.get $pZ) (i32.shl (local.get $j) (i32.const 3))) (local.get $z))
                    (local.set $w1
                      (f64.load
                        (i32.add (local.get $row)
                          (i32.shl (i32.add (i32.shl (local.get $H) (i32.const 1)) (local.get $j)) (i32.const 3)))))
                    (if (f64.gt (local.get $z) (f64.const 0))
                      (then
                        (local.set $sum
                          (f64.add (local.get $sum) (f64.mul (local.get $w1) (f64.mul (local.get $right) (local.get $z))))))
                      (else
                        (if (i32.and (f64.lt (local.get $z) (f64.const 0)) (f64.ne (local.get $left) (f64.const 0)))
                          (then
                            (local.set $sum
                              (f64.add (local.get $sum) (f64.mul (local.get $w1) (f64.mul (local.get $left) (local.get $z)))))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $fwd)))
                (local.set $r
                  (f64.sub (f64.add (local.get $sum) (local.get $bias))
                    (f64.load (i32.add (local.get $pY) (i32.shl (local.get $p) (i32.const 3))))))
                (local.set $loss (f64.add (local.get $loss) (f64.mul (local.get $r) (local.get $r))))
                (local.set $gb1 (f64.add (local.get $gb1) (local.get $r)))
                (local.set $j (i32.const 0))
                (block $bwdDone
                  (loop $bwd
                    (br_if $bwdDone (i32.ge_s (local.get $j) (local.get $H)))
                    (local.set $a (i32.shl (local.get $j) (i32.const 3)))
                    (local.set $z (f64.load (i32.add (local.get $pZ) (local.get $a))))
                    (local.set $w1
                      (f64.load
                        (i32.add (local.get $row)
                          (i32.shl (i32.add (i32.shl (local.get $H) (i32.const 1)) (local.get $j)) (i32.const 3)))))
                    (block $skip
                      (if (f64.gt (local.get $z) (f64.const 0))
                        (then
                          (f64.store (i32.add (local.get $pGw1) (local.get $a))
                            (f64.add (f64.load (i32.add (local.get $pGw1) (local.get $a)))
                              (f64.mul (local.get $r) (f64.mul (local.get $right) (local.get $z)))))
                          (local.set $d (f64.mul (f64.mul (local.get $r) (local.get $w1)) (local.get $right))))
                        (else
                          (if (i32.and (f64.lt (local.get $z) (f64.const 0)) (f64.ne (local.get $left) (f64.const 0)))
                            (then
                              (f64.store (i32.add (local.get $pGw1) (local.get $a))
                                (f64.add (f64.load (i32.add (local.get $pGw1) (local.get $a)))
                                  (f64.mul (local.get $r) (f64.mul (local.get $left) (local.get $z)))))
                              (local.set $d (f64.mul (f64.mul (local.get $r) (local.get $w1)) (local.get $left))))
                            (else
                              (br_if $skip (f64.ne (local.get $z) (f64.const 0)))
                              (local.set $zeros (i32.add (local.get $zeros) (i32.const 1)))
                              (local.set $d
                                (f64.mul (f64.mul (local.get $r) (local.get $w1))
                                  (call $kink (local.get $stepHash)
                                    (i32.add (i32.mul (local.get $p) (local.get $H)) (local.get $j))
                                    (i32.and (local.get $flags) (i32.const 2)) (local.get $fixedGradAtZero)
                                    (local.get $left) (local.get $right))))))))
                      (f64.store (i32.add (local.get $pGw0) (local.get $a))
                        (f64.add (f64.load (i32.add (local.get $pGw0) (local.get $a))) (f64.mul (local.get $d) (local.get $xp))))
                      (f64.store (i32.add (local.get $pGb0) (local.get $a))
                        (f64.add (f64.load (i32.add (local.get $pGb0) (local.get $a))) (local.get $d))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $bwd)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $points)))
            (f64.store (i32.add (local.get $row) (i32.shl (i32.add (local.get $colLoss) (local.get $s)) (i32.const 3)))
              (f64.div (local.get $loss) (f64.convert_i32_s (local.get $P))))
            (if (i32.and (local.get $flags) (i32.const 4))
              (then
                (f64.store (i32.add (local.get $row) (i32.shl (i32.add (local.get $colZeros) (local.get $s)) (i32.const 3)))
                  (f64.convert_i32_u (local.get $zeros)))))
            (br_if $stepsDone (i32.eqz (local.get $steps)))
            (local.set $i (i32.const 0))
            (loop $grads
              (f64.store (i32.add (local.get $pGrad) (i32.shl (local.get $i) (i32.const 3)))
                (f64.mul (f64.load (i32.add (local.get $pGw0) (i32.shl (local.get $i) (i32.const 3)))) (local.get $scale)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $grads (i32.lt_s (local.get $i) (i32.mul (local.get $H) (i32.const 3)))))
            (f64.store (i32.add (local.get $pGrad) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 3)))
              (f64.mul (local.get $gb1) (local.get $scale)))
            (local.set $i (i32.const 0))
            (if (i32.and (local.get $flags) (i32.const 1))
              (then
                (local.set $bc1 (f64.load (i32.add (local.get $pSched) (i32.shl (local.get $s) (i32.const 4)))))
                (local.set $bc2 (f64.load offset=8 (i32.add (local.get $pSched) (i32.shl (local.get $s) (i32.const 4)))))
                (loop $adam
                  (local.set $g (f64.load (i32.add (local.get $pGrad) (i32.shl (local.get $i) (i32.const 3)))))
                  (local.set $a (i32.add (local.get $row) (i32.shl (i32.add (local.get $i) (local.get $n)) (i32.const 3))))
                  (local.set $mo
                    (f64.add (f64.mul (local.get $beta1) (f64.load (local.get $a))) (f64.mul (local.get $omb1) (local.get $g))))
                  (f64.store (local.get $a) (local.get $mo))
                  (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 3))))
                  (local.set $vo
                    (f64.add (f64.mul (local.get $beta2) (f64.load (local.get $a)))
                      (f64.mul (f64.mul (local.get $omb2) (local.get $g)) (local.get $g))))
                  (f64.store (local.get $a) (local.get $vo))
                  (local.set $a (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 3))))
                  (f64.store (local.get $a)
                    (f64.sub (f64.load (local.get $a))
                      (f64.div
                        (f64.mul (local.get $lr) (f64.div (local.get $mo) (local.get $bc1)))
                        (f64.add (f64.sqrt (f64.div (local.get $vo) (local.get $bc2))) (local.get $eps)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $adam (i32.lt_s (local.get $i) (local.get $n)))))
              (else
                (loop $sgd
                  (local.set $a (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 3))))
                  (f64.store (local.get $a)
                    (f64.sub (f64.load (local.get $a))
                      (f64.mul (local.get $lr) (f64.load (i32.add (local.get $pGrad) (i32.shl (local.get $i) (i32.const 3)))))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $sgd (i32.lt_s (local.get $i) (local.get $n))))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br_if $step (i32.lt_s (local.get $s) (local.get $nSteps)))))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $models))))

  ;; The kink derivative of two lanes as float64: lane 0 (index idxA) when bit 0 of bits is set, lane 1 (idxB) when
  ;; bit 1 is; 0 in the other lanes.
  (func $kinkPair (param $bits i32) (param $stepHash i32) (param $idxA i32) (param $idxB i32) (param $random i32)
      (param $fixed f64) (param $left f64) (param $right f64) (result v128)
    (local $g v128)
    (if (i32.and (local.get $bits) (i32.const 1))
      (then
        (local.set $g
          (f64x2.replace_lane 0 (local.get $g)
            (call $kink (local.get $stepHash) (local.get $idxA) (local.get $random) (local.get $fixed)
              (local.get $left) (local.get $right))))))
    (if (i32.and (local.get $bits) (i32.const 2))
      (then
        (local.set $g
          (f64x2.replace_lane 1 (local.get $g)
            (call $kink (local.get $stepHash) (local.get $idxB) (local.get $random) (local.get $fixed)
              (local.get $left) (local.get $right))))))
    (local.get $g))

  ;; gen32 in SIMD, the same results bit for bit: the forward pass unit by unit in order over blocks of 4 points
  ;; (lanes = points, each point's sum in the units' order), the loss in point order, the backward pass over blocks
  ;; of 4 units (lanes = units, each unit's sums in the points' order). Where the JavaScript loop skips a unit (a
  ;; side of slope 0, or z NaN) the lane's product is masked to +0 after the multiplication, and a sum that starts at
  ;; +0 never becomes −0, so adding it changes nothing; a z exactly 0 takes the kink derivative lane by lane.
  ;; Work area: w0, b0 (float32) and w1 (float64) of the units padded to Hp (padding: w0 = 0, b0 = −1, w1 = 0, so
  ;; z = −1 and the lane's sums are never read), the sums gw0, gb0, gw1 (float64, Hp each), the gradient; pR holds
  ;; the points' sums and then their residuals (float64, P padded to a multiple of 4).
  (func (export "gen32")
      (param $P i32) (param $H i32) (param $M i32) (param $G i32) (param $steps i32) (param $stepOffset i32)
      (param $width i32) (param $colLoss i32) (param $colZeros i32) (param $flags i32)
      (param $lr64 f64) (param $scale64 f64) (param $fixedGradAtZero f64)
      (param $beta1 f64) (param $beta2 f64) (param $omb1 f64) (param $omb2 f64) (param $eps64 f64)
      (param $pX i32) (param $pY i32) (param $pXd i32) (param $pR i32) (param $pSeeds i32) (param $pSched i32)
      (param $pOut i32) (param $pWork i32) (param $left f64) (param $right f64)
    (local $m i32) (local $s i32) (local $p i32) (local $j i32) (local $i i32) (local $n i32) (local $nSteps i32)
    (local $row i32) (local $a i32) (local $zeros i32) (local $stepHash i32) (local $Hp i32) (local $Pp i32)
    (local $bits i32) (local $ph i32) (local $q i32)
    (local $pW0 i32) (local $pB0 i32) (local $pW1 i32) (local $pGw0 i32) (local $pGb0 i32) (local $pGw1 i32) (local $pGrad i32)
    (local $bias f32) (local $lr f32) (local $scale f32)
    (local $b1 f32) (local $b2 f32) (local $o1 f32) (local $o2 f32) (local $eps f32)
    (local $g f32) (local $mo f32) (local $vo f32) (local $bc1 f32) (local $bc2 f32)
    (local $r f64) (local $loss f64) (local $gb1 f64)
    (local $Lv v128) (local $Rv v128) (local $L64 v128) (local $R64 v128) (local $lmask v128)
    (local $z v128) (local $h v128) (local $gt v128) (local $eq v128) (local $mk v128) (local $w0v v128) (local $b0v v128)
    (local $w1v v128) (local $w1lo v128) (local $w1hi v128) (local $rd v128) (local $xd v128)
    (local $mlo v128) (local $mhi v128) (local $qlo v128) (local $qhi v128) (local $dlo v128) (local $dhi v128)
    (local $gw0lo v128) (local $gw0hi v128) (local $gb0lo v128) (local $gb0hi v128) (local $gw1lo v128) (local $gw1hi v128)
    (local.set $lr (f32.demote_f64 (local.get $lr64)))
    (local.set $scale (f32.demote_f64 (local.get $scale64)))
    (local.set $b1 (f32.demote_f64 (local.get $beta1)))
    (local.set $b2 (f32.demote_f64 (local.get $beta2)))
    (local.set $o1 (f32.demote_f64 (local.get $omb1)))
    (local.set $o2 (f32.demote_f64 (local.get $omb2)))
    (local.set $eps (f32.demote_f64 (local.get $eps64)))
    (local.set $Lv (f32x4.splat (f32.demote_f64 (local.get $left))))
    (local.set $Rv (f32x4.splat (f32.demote_f64 (local.get $right))))
    (local.set $L64 (f64x2.splat (local.get $left)))
    (local.set $R64 (f64x2.splat (local.get $right)))
    ;; all ones where the left slope is not 0 (the JavaScript loop skips z < 0 when it is)
    (local.set $lmask (i32x4.splat (i32.sub (i32.const 0) (f64.ne (local.get $left) (f64.const 0)))))
    (local.set $n (i32.add (i32.mul (local.get $H) (i32.const 3)) (i32.const 1)))
    (local.set $Hp (i32.and (i32.add (local.get $H) (i32.const 3)) (i32.const -4)))
    (local.set $Pp (i32.and (i32.add (local.get $P) (i32.const 3)) (i32.const -4)))
    (local.set $pW0 (local.get $pWork))
    (local.set $pB0 (i32.add (local.get $pW0) (i32.shl (local.get $Hp) (i32.const 2))))
    (local.set $pW1 (i32.add (local.get $pB0) (i32.shl (local.get $Hp) (i32.const 2))))
    (local.set $pGw0 (i32.add (local.get $pW1) (i32.shl (local.get $Hp) (i32.const 3))))
    (local.set $pGb0 (i32.add (local.get $pGw0) (i32.shl (local.get $Hp) (i32.const 3))))
    (local.set $pGw1 (i32.add (local.get $pGb0) (i32.shl (local.get $Hp) (i32.const 3))))
    (local.set $pGrad (i32.add (local.get $pGw1) (i32.shl (local.get $Hp) (i32.const 3))))
    (local.set $nSteps (select (local.get $steps) (i32.const 1) (i32.gt_s (local.get $steps) (i32.const 0))))
    (block $modelsDone
      (loop $models
        (br_if $modelsDone (i32.ge_s (local.get $m) (local.get $M)))
        (local.set $row (i32.add (local.get $pOut) (i32.shl (i32.mul (local.get $m) (local.get $width)) (i32.const 2))))
        (local.set $s (i32.const 0))
        (block $stepsDone
          (loop $step
            ;; unpack the units, padded
            (local.set $j (i32.const 0))
            (block $unpacked
              (loop $unpack
                (br_if $unpacked (i32.ge_s (local.get $j) (local.get $Hp)))
                (if (i32.lt_s (local.get $j) (local.get $H))
                  (then
                    (f32.store (i32.add (local.get $pW0) (i32.shl (local.get $j) (i32.const 2)))
                      (f32.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
                    (f32.store (i32.add (local.get $pB0) (i32.shl (local.get $j) (i32.const 2)))
                      (f32.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $H) (local.get $j)) (i32.const 2)))))
                    (f64.store (i32.add (local.get $pW1) (i32.shl (local.get $j) (i32.const 3)))
                      (f64.promote_f32
                        (f32.load
                          (i32.add (local.get $row)
                            (i32.shl (i32.add (i32.shl (local.get $H) (i32.const 1)) (local.get $j)) (i32.const 2)))))))
                  (else
                    (f32.store (i32.add (local.get $pW0) (i32.shl (local.get $j) (i32.const 2))) (f32.const 0))
                    (f32.store (i32.add (local.get $pB0) (i32.shl (local.get $j) (i32.const 2))) (f32.const -1))
                    (f64.store (i32.add (local.get $pW1) (i32.shl (local.get $j) (i32.const 3))) (f64.const 0))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $unpack)))
            (local.set $bias (f32.load (i32.add (local.get $row) (i32.shl (i32.mul (local.get $H) (i32.const 3)) (i32.const 2)))))
            (local.set $stepHash
              (call $hash32
                (i32.xor (i32.load (i32.add (local.get $pSeeds) (i32.shl (local.get $m) (i32.const 2))))
                  (i32.add (local.get $stepOffset) (local.get $s)))))
            ;; forward: the sums of the points, unit by unit
            (call $fill32 (local.get $pR) (i32.shl (local.get $Pp) (i32.const 1)) (i32.const 0))
            (local.set $j (i32.const 0))
            (block $fwdDone
              (loop $fwd
                (br_if $fwdDone (i32.ge_s (local.get $j) (local.get $H)))
                (local.set $w0v (v128.load32_splat (i32.add (local.get $pW0) (i32.shl (local.get $j) (i32.const 2)))))
                (local.set $b0v (v128.load32_splat (i32.add (local.get $pB0) (i32.shl (local.get $j) (i32.const 2)))))
                (local.set $w1v (v128.load64_splat (i32.add (local.get $pW1) (i32.shl (local.get $j) (i32.const 3)))))
                (local.set $p (i32.const 0))
                (block $blocksDone
                  (loop $blocks
                    (br_if $blocksDone (i32.ge_s (local.get $p) (local.get $Pp)))
                    (local.set $z
                      (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $pX) (i32.shl (local.get $p) (i32.const 2))))
                        (local.get $w0v)) (local.get $b0v)))
                    (local.set $gt (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0)))
                    (local.set $mk
                      (v128.or (local.get $gt)
                        (v128.and (f32x4.lt (local.get $z) (v128.const f32x4 0 0 0 0)) (local.get $lmask))))
                    (local.set $h
                      (v128.bitselect (f32x4.mul (local.get $Rv) (local.get $z)) (f32x4.mul (local.get $Lv) (local.get $z))
                        (local.get $gt)))
                    (local.set $a (i32.add (local.get $pR) (i32.shl (local.get $p) (i32.const 3))))
                    (v128.store (local.get $a)
                      (f64x2.add (v128.load (local.get $a))
                        (v128.and (f64x2.mul (local.get $w1v) (f64x2.promote_low_f32x4 (local.get $h)))
                          (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $mk) (local.get $mk)))))
                    (v128.store offset=16 (local.get $a)
                      (f64x2.add (v128.load offset=16 (local.get $a))
                        (v128.and
                          (f64x2.mul (local.get $w1v)
                            (f64x2.promote_low_f32x4
                              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $h) (local.get $h))))
                          (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $mk) (local.get $mk)))))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (br $blocks)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $fwd)))
            ;; residuals r = f32(f32(f32(sum) + b1) − y), in place of the sums
            (local.set $p (i32.const 0))
            (block $resDone
              (loop $res
                (br_if $resDone (i32.ge_s (local.get $p) (local.get $Pp)))
                (local.set $a (i32.add (local.get $pR) (i32.shl (local.get $p) (i32.const 3))))
                (local.set $h
                  (f32x4.sub
                    (f32x4.add
                      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                        (f32x4.demote_f64x2_zero (v128.load (local.get $a)))
                        (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $a))))
                      (f32x4.splat (local.get $bias)))
                    (v128.load (i32.add (local.get $pY) (i32.shl (local.get $p) (i32.const 2))))))
                (v128.store (local.get $a) (f64x2.promote_low_f32x4 (local.get $h)))
                (v128.store offset=16 (local.get $a)
                  (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $h) (local.get $h))))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $res)))
            ;; the loss and Σ r in point order
            (local.set $loss (f64.const 0))
            (local.set $gb1 (f64.const 0))
            (local.set $p (i32.const 0))
            (block $lossDone
              (loop $lossLoop
                (br_if $lossDone (i32.ge_s (local.get $p) (local.get $P)))
                (local.set $r (f64.load (i32.add (local.get $pR) (i32.shl (local.get $p) (i32.const 3)))))
                (local.set $loss (f64.add (local.get $loss) (f64.mul (local.get $r) (local.get $r))))
                (local.set $gb1 (f64.add (local.get $gb1) (local.get $r)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $lossLoop)))
            ;; backward, 4 units a block, the points in order
            (local.set $zeros (i32.const 0))
            (local.set $j (i32.const 0))
            (block $unitsDone
              (loop $units
                (br_if $unitsDone (i32.ge_s (local.get $j) (local.get $Hp)))
                (local.set $w0v (v128.load (i32.add (local.get $pW0) (i32.shl (local.get $j) (i32.const 2)))))
                (local.set $b0v (v128.load (i32.add (local.get $pB0) (i32.shl (local.get $j) (i32.const 2)))))
                (local.set $w1lo (v128.load (i32.add (local.get $pW1) (i32.shl (local.get $j) (i32.const 3)))))
                (local.set $w1hi (v128.load offset=16 (i32.add (local.get $pW1) (i32.shl (local.get $j) (i32.const 3)))))
                (local.set $gw0lo (v128.const i64x2 0 0))
                (local.set $gw0hi (v128.const i64x2 0 0))
                (local.set $gb0lo (v128.const i64x2 0 0))
                (local.set $gb0hi (v128.const i64x2 0 0))
                (local.set $gw1lo (v128.const i64x2 0 0))
                (local.set $gw1hi (v128.const i64x2 0 0))
                (local.set $p (i32.const 0))
                (block $pointsDone
                  (loop $points
                    (br_if $pointsDone (i32.ge_s (local.get $p) (local.get $P)))
                    (local.set $z
                      (f32x4.add
                        (f32x4.mul (local.get $w0v) (v128.load32_splat (i32.add (local.get $pX) (i32.shl (local.get $p) (i32.const 2)))))
                        (local.get $b0v)))
                    (local.set $q (i32.shl (local.get $p) (i32.const 3)))
                    (local.set $rd (v128.load64_splat (i32.add (local.get $pR) (local.get $q))))
                    (local.set $xd (v128.load64_splat (i32.add (local.get $pXd) (local.get $q))))
                    (local.set $gt (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0)))
                    (local.set $mk
                      (v128.or (local.get $gt)
                        (v128.and (f32x4.lt (local.get $z) (v128.const f32x4 0 0 0 0)) (local.get $lmask))))
                    (local.set $h
                      (v128.bitselect (f32x4.mul (local.get $Rv) (local.get $z)) (f32x4.mul (local.get $Lv) (local.get $z))
                        (local.get $gt)))
                    (local.set $mlo (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $mk) (local.get $mk)))
                    (local.set $mhi (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $mk) (local.get $mk)))
                    ;; gw1 += r·a(z) on the sides that count
                    (local.set $gw1lo
                      (f64x2.add (local.get $gw1lo)
                        (v128.and (f64x2.mul (local.get $rd) (f64x2.promote_low_f32x4 (local.get $h))) (local.get $mlo))))
                    (local.set $gw1hi
                      (f64x2.add (local.get $gw1hi)
                        (v128.and
                          (f64x2.mul (local.get $rd)
                            (f64x2.promote_low_f32x4
                              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $h) (local.get $h))))
                          (local.get $mhi))))
                    ;; d = (r·w1)·slope of z's side
                    (local.set $qlo (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $gt) (local.get $gt)))
                    (local.set $qhi (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $gt) (local.get $gt)))
                    (local.set $dlo
                      (f64x2.mul (f64x2.mul (local.get $rd) (local.get $w1lo))
                        (v128.bitselect (local.get $R64) (local.get $L64) (local.get $qlo))))
                    (local.set $dhi
                      (f64x2.mul (f64x2.mul (local.get $rd) (local.get $w1hi))
                        (v128.bitselect (local.get $R64) (local.get $L64) (local.get $qhi))))
                    (local.set $eq (f32x4.eq (local.get $z) (v128.const f32x4 0 0 0 0)))
                    (local.set $bits (i32x4.bitmask (local.get $eq)))
                    (if (local.get $bits)
                      (then
                        ;; z exactly 0: d = (r·w1)·the kink derivative, lane by lane
                        (local.set $zeros (i32.add (local.get $zeros) (i32.popcnt (local.get $bits))))
                        (local.set $ph (i32.add (i32.mul (local.get $p) (local.get $H)) (local.get $j)))
                        (local.set $qlo (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $eq) (local.get $eq)))
                        (local.set $qhi (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $eq) (local.get $eq)))
                        (local.set $dlo
                          (v128.bitselect
                            (f64x2.mul (f64x2.mul (local.get $rd) (local.get $w1lo))
                              (call $kinkPair (local.get $bits) (local.get $stepHash) (local.get $ph)
                                (i32.add (local.get $ph) (i32.const 1)) (i32.and (local.get $flags) (i32.const 2))
                                (local.get $fixedGradAtZero) (local.get $left) (local.get $right)))
                            (local.get $dlo) (local.get $qlo)))
                        (local.set $dhi
                          (v128.bitselect
                            (f64x2.mul (f64x2.mul (local.get $rd) (local.get $w1hi))
                              (call $kinkPair (i32.shr_u (local.get $bits) (i32.const 2)) (local.get $stepHash)
                                (i32.add (local.get $ph) (i32.const 2)) (i32.add (local.get $ph) (i32.const 3))
                                (i32.and (local.get $flags) (i32.const 2))
                                (local.get $fixedGradAtZero) (local.get $left) (local.get $right)))
                            (local.get $dhi) (local.get $qhi)))
                        (local.set $mlo (v128.or (local.get $mlo) (local.get $qlo)))
                        (local.set $mhi (v128.or (local.get $mhi) (local.get $qhi)))))
                    (local.set $dlo (v128.and (local.get $dlo) (local.get $mlo)))
                    (local.set $dhi (v128.and (local.get $dhi) (local.get $mhi)))
                    (local.set $gb0lo (f64x2.add (local.get $gb0lo) (local.get $dlo)))
                    (local.set $gb0hi (f64x2.add (local.get $gb0hi) (local.get $dhi)))
                    (local.set $gw0lo
                      (f64x2.add (local.get $gw0lo) (v128.and (f64x2.mul (local.get $dlo) (local.get $xd)) (local.get $mlo))))
                    (local.set $gw0hi
                      (f64x2.add (local.get $gw0hi) (v128.and (f64x2.mul (local.get $dhi) (local.get $xd)) (local.get $mhi))))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br $points)))
                (local.set $a (i32.shl (local.get $j) (i32.const 3)))
                (v128.store (i32.add (local.get $pGw0) (local.get $a)) (local.get $gw0lo))
                (v128.store offset=16 (i32.add (local.get $pGw0) (local.get $a)) (local.get $gw0hi))
                (v128.store (i32.add (local.get $pGb0) (local.get $a)) (local.get $gb0lo))
                (v128.store offset=16 (i32.add (local.get $pGb0) (local.get $a)) (local.get $gb0hi))
                (v128.store (i32.add (local.get $pGw1) (local.get $a)) (local.get $gw1lo))
                (v128.store offset=16 (i32.add (local.get $pGw1) (local.get $a)) (local.get $gw1hi))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $units)))
            (f32.store (i32.add (local.get $row) (i32.shl (i32.add (local.get $colLoss) (local.get $s)) (i32.const 2)))
              (f32.demote_f64 (f64.div (local.get $loss) (f64.convert_i32_s (local.get $P)))))
            (if (i32.and (local.get $flags) (i32.const 4))
              (then
                (f32.store (i32.add (local.get $row) (i32.shl (i32.add (local.get $colZeros) (local.get $s)) (i32.const 2)))
                  (f32.convert_i32_u (local.get $zeros)))))
            (br_if $stepsDone (i32.eqz (local.get $steps)))
            ;; gradient: f32(f32(sum)·scale) for w0, b0, w1 (the sums lie Hp apart), then b1
            (local.set $j (i32.const 0))
            (loop $grads
              (local.set $a (i32.shl (local.get $j) (i32.const 3)))
              (f32.store (i32.add (local.get $pGrad) (i32.shl (local.get $j) (i32.const 2)))
                (f32.mul (f32.demote_f64 (f64.load (i32.add (local.get $pGw0) (local.get $a)))) (local.get $scale)))
              (f32.store (i32.add (local.get $pGrad) (i32.shl (i32.add (local.get $H) (local.get $j)) (i32.const 2)))
                (f32.mul (f32.demote_f64 (f64.load (i32.add (local.get $pGb0) (local.get $a)))) (local.get $scale)))
              (f32.store
                (i32.add (local.get $pGrad) (i32.shl (i32.add (i32.shl (local.get $H) (i32.const 1)) (local.get $j)) (i32.const 2)))
                (f32.mul (f32.demote_f64 (f64.load (i32.add (local.get $pGw1) (local.get $a)))) (local.get $scale)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $grads (i32.lt_s (local.get $j) (local.get $H))))
            (f32.store (i32.add (local.get $pGrad) (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2)))
              (f32.mul (f32.demote_f64 (local.get $gb1)) (local.get $scale)))
            (local.set $i (i32.const 0))
            (if (i32.and (local.get $flags) (i32.const 1))
              (then
                (local.set $bc1 (f32.load (i32.add (local.get $pSched) (i32.shl (local.get $s) (i32.const 3)))))
                (local.set $bc2 (f32.load offset=4 (i32.add (local.get $pSched) (i32.shl (local.get $s) (i32.const 3)))))
                (loop $adam
                  (local.set $g (f32.load (i32.add (local.get $pGrad) (i32.shl (local.get $i) (i32.const 2)))))
                  (local.set $a (i32.add (local.get $row) (i32.shl (i32.add (local.get $i) (local.get $n)) (i32.const 2))))
                  (local.set $mo
                    (f32.add (f32.mul (local.get $b1) (f32.load (local.get $a))) (f32.mul (local.get $o1) (local.get $g))))
                  (f32.store (local.get $a) (local.get $mo))
                  (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
                  (local.set $vo
                    (f32.add (f32.mul (local.get $b2) (f32.load (local.get $a)))
                      (f32.mul (f32.mul (local.get $o2) (local.get $g)) (local.get $g))))
                  (f32.store (local.get $a) (local.get $vo))
                  (local.set $a (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 2))))
                  (f32.store (local.get $a)
                    (f32.sub (f32.load (local.get $a))
                      (f32.div
                        (f32.mul (local.get $lr) (f32.div (local.get $mo) (local.get $bc1)))
                        (f32.add (f32.sqrt (f32.div (local.get $vo) (local.get $bc2))) (local.get $eps)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $adam (i32.lt_s (local.get $i) (local.get $n)))))
              (else
                (loop $sgd
                  (local.set $a (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 2))))
                  (f32.store (local.get $a)
                    (f32.sub (f32.load (local.get $a))
                      (f32.mul (local.get $lr) (f32.load (i32.add (local.get $pGrad) (i32.shl (local.get $i) (i32.const 2)))))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $sgd (i32.lt_s (local.get $i) (local.get $n))))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br_if $step (i32.lt_s (local.get $s) (local.get $nSteps)))))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $models))))
)
