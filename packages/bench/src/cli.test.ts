import { parseOptions, UsageError } from './cli';

describe('parseOptions', () => {
  it('runs every part on both databases with 200 samples by default', () => {
    expect(parseOptions([])).toEqual({
      databases: ['sqlite', 'postgres'],
      parts: ['catalog', 'itsm', 'audit', 'production'],
      samples: 200,
      help: false,
    });
  });

  it('takes databases and parts from --only, in either form and repeated', () => {
    expect(parseOptions(['--only', 'postgres,itsm'])).toMatchObject({
      databases: ['postgres'],
      parts: ['itsm'],
    });
    expect(
      parseOptions(['--only=itsm', '--only', 'catalog', '--samples=20']),
    ).toMatchObject({
      databases: ['sqlite', 'postgres'],
      // Always in their own order: the ITSM part runs on the catalog part's backend.
      parts: ['catalog', 'itsm'],
      samples: 20,
    });
  });

  it('runs the audit part alone, or last whatever the order given', () => {
    expect(parseOptions(['--only', 'audit'])).toMatchObject({
      databases: ['sqlite', 'postgres'],
      parts: ['audit'],
    });
    expect(parseOptions(['--only', 'audit,catalog']).parts).toEqual([
      'catalog',
      'audit',
    ]);
  });

  it('runs the production part alone, after the others whatever the order given', () => {
    expect(parseOptions(['--only', 'production'])).toMatchObject({
      databases: ['sqlite', 'postgres'],
      parts: ['production'],
    });
    expect(parseOptions(['--only', 'production,audit']).parts).toEqual([
      'audit',
      'production',
    ]);
  });

  it('keeps the order of the databases as given', () => {
    expect(parseOptions(['--only', 'postgres,sqlite']).databases).toEqual([
      'postgres',
      'sqlite',
    ]);
  });

  it('says what is wrong with a command line it cannot run', () => {
    expect(() => parseOptions(['--only', 'mysql'])).toThrow(
      "Unknown --only value 'mysql'; use sqlite, postgres, catalog, itsm, audit, production",
    );
    expect(() => parseOptions(['--samples', '5'])).toThrow(
      '--samples must be a whole number of at least 10',
    );
    expect(() => parseOptions(['--fast'])).toThrow(UsageError);
    expect(() => parseOptions(['sqlite'])).toThrow(UsageError);
  });

  it('recognises --help and -h', () => {
    expect(parseOptions(['--help']).help).toBe(true);
    expect(parseOptions(['-h']).help).toBe(true);
  });
});
