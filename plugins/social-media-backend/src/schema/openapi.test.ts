import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { spec } from './openapi.generated';

describe('OpenAPI spec', () => {
  it('is what the router validates against (run `yarn generate` after editing openapi.yaml)', () => {
    const yaml = parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(spec).toEqual(yaml);
  });
});
