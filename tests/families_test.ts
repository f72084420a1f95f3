import assert from "node:assert/strict";
import {
  evaluateMember,
  FAMILY_VALUES,
  flipFamily,
  horizontalShiftFamily,
  memberCurve,
  slopeFamily,
  verticalShiftFamily,
} from "../lib/math/families.ts";
import { relu } from "../lib/math/relu.ts";

Deno.test("the flips are relu(z), relu(−z), −relu(z) and −relu(−z)", () => {
  const [a, b, c, d] = flipFamily();
  for (const z of [-2, 0, 3]) {
    assert.equal(evaluateMember(a, z), relu(z));
    assert.equal(evaluateMember(b, z), relu(-z));
    assert.equal(evaluateMember(c, z), -relu(z) + 0);
    assert.equal(evaluateMember(d, z), -relu(-z) + 0);
  }
});

Deno.test("the slope, shift families run over 0.5, 1.0, …, 3.0", () => {
  assert.deepEqual(FAMILY_VALUES, [0.5, 1, 1.5, 2, 2.5, 3]);
  assert.deepEqual(slopeFamily().map((m) => evaluateMember(m, 2)), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(horizontalShiftFamily().map((m) => evaluateMember(m, -1)), [0, 0, 0.5, 1, 1.5, 2]);
  assert.deepEqual(verticalShiftFamily().map((m) => evaluateMember(m, -1)), FAMILY_VALUES);
  assert.equal(slopeFamily()[0].label, "relu(0.5·z)");
  assert.equal(horizontalShiftFamily()[5].label, "relu(z + 3.0)");
});

Deno.test("a member's curve is its ends and its kink, and is exact between them", () => {
  for (const m of [...flipFamily(), ...slopeFamily(), ...horizontalShiftFamily(), ...verticalShiftFamily()]) {
    const curve = memberCurve(m, -5, 5);
    assert.equal(curve.x[0], -5);
    assert.equal(curve.x[curve.x.length - 1], 5);
    for (let z = -5; z <= 5; z += 0.1) {
      const i = Math.max(0, curve.x.findIndex((x) => x >= z) - 1);
      const t = (z - curve.x[i]) / (curve.x[i + 1] - curve.x[i]);
      const y = curve.y[i] + t * (curve.y[i + 1] - curve.y[i]);
      assert.ok(Math.abs(y - evaluateMember(m, z)) < 1e-12, `${m.label} at ${z}`);
    }
  }
  assert.deepEqual(memberCurve(horizontalShiftFamily()[3], -5, 5).x, [-5, -2, 5]);
});
