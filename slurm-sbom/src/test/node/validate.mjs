// Validates CycloneDX 1.6 JSON files with @cyclonedx/cyclonedx-library's strict validator (no extra properties).
// Usage: node validate.mjs FILE...; exit 0 when every file validates, 1 with the errors otherwise.
import { readFileSync } from 'node:fs';
import cdx from '@cyclonedx/cyclonedx-library';

const validator = new cdx.Validation.JsonStrictValidator(cdx.Spec.Version.v1dot6);
let failed = false;
for (const file of process.argv.slice(2)) {
  const errors = await validator.validate(readFileSync(file, 'utf8'));
  if (errors === null) {
    console.log(`valid: ${file}`);
  } else {
    failed = true;
    console.error(`invalid: ${file}: ${JSON.stringify(errors, null, 2)}`);
  }
}
process.exit(failed ? 1 : 0);
