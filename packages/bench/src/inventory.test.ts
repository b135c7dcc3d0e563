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
    ).toBe('59ea62e5c012055c8260a96dc2bd2324729f72b51c66a392a9b9a9f967e941b1');
    expect(inventory.filterMatches).toBe(789);
    // One business service for each service mapped to ServiceNow.
    expect(inventory.businessServices.size).toBe(
      serviceNowMappedServices(inventory),
    );
  });

  it('gives every row a value for every column', () => {
    for (const row of inventory.rows.slice(0, 100)) {
      expect(row).toHaveLength(CSV_HEADER.length);
    }
    expect(serviceNowMappedServices(inventory)).toBeGreaterThan(6_500);
  });
});
