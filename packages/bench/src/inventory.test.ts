import { createHash } from 'node:crypto';
import {
  CSV_HEADER,
  generateInventory,
  serviceNowMappedServices,
} from './inventory';

describe('generateInventory', () => {
  const inventory = generateInventory(10_000);

  it('generates the same 10,000 services in every run', () => {
    // Figures of different runs compare only when they measure the same inventory: a change here
    // makes every earlier figure (README, results.json) a different experiment.
    expect(inventory.rows).toHaveLength(10_000);
    expect(
      createHash('sha256').update(JSON.stringify(inventory.rows)).digest('hex'),
    ).toBe('e8d9bf55a35b5b61d523543e41f067591ffc1ea1202bafa42209f3da0210d31d');
    expect(inventory.filterMatches).toBe(789);
    expect(inventory.businessServices.size).toBe(140);
  });

  it('gives every row a value for every column', () => {
    for (const row of inventory.rows.slice(0, 100)) {
      expect(row).toHaveLength(CSV_HEADER.length);
    }
    expect(serviceNowMappedServices(inventory)).toBeGreaterThan(6_500);
  });
});
