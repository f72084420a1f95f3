/** Validation of specs against the Vega-Lite JSON schema shipped with vega-lite (test helper). */
import { Ajv } from "ajv";
import schema from "npm:vega-lite@6.5.0/vega-lite-schema.json" with { type: "json" };

const ajv = new Ajv({ allErrors: false, strict: false, allowUnionTypes: true, validateFormats: false });
const validate = ajv.compile(schema);

/** The schema errors of `spec` as text, or "" when it is valid. */
export function vegaLiteSchemaErrors(spec: unknown): string {
  return validate(spec) ? "" : ajv.errorsText(validate.errors);
}
