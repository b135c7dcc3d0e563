// Writes src/schema/openapi.generated.ts from src/schema/openapi.yaml, so the router validates
// requests against exactly the spec that is published. Run: yarn --cwd plugins/social-media-backend generate
// (src/schema/openapi.test.ts fails when the two drift apart).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(dir, 'package.json'));
const YAML = require('yaml');

const spec = YAML.parse(
  fs.readFileSync(path.join(dir, 'src/schema/openapi.yaml'), 'utf8'),
);
const out = `// Generated from openapi.yaml by scripts/generate-openapi.mjs. Do not edit by hand.
export const spec = ${JSON.stringify(spec, null, 2)} as const;
`;
const target = path.join(dir, 'src/schema/openapi.generated.ts');
// Formatted with the repository's prettier, so the formatting check stays green.
const prettier = createRequire(path.join(dir, '..', '..', 'package.json'))(
  'prettier',
);
const options = prettier.resolveConfig.sync(target) ?? {};
fs.writeFileSync(
  target,
  prettier.format(out, { ...options, filepath: target }),
);
