import {
  assessRisk,
  evaluateTransition,
  LIFECYCLE_STAGES,
  slugify,
  socialServiceInputSchema,
  toValidationProblems,
  ValidSocialServiceInput,
} from '@internal/plugin-social-media-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  DEFAULT_GUARDIANSHIP_POLICY,
  riskInputFor,
} from '../domain/guardianship';
import { DEMO_ADMINS, demoServices } from './demoServices';

/** Entity refs of the Groups and Users of the demo organisation. */
function orgRefs(): Set<string> {
  const text = readFileSync(
    resolve(__dirname, '../../../../examples/org.yaml'),
    'utf8',
  );
  const refs = new Set<string>();
  for (const doc of parseAllDocuments(text)) {
    const entity = doc.toJS();
    if (entity?.kind && entity?.metadata?.name) {
      refs.add(
        `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
          entity.metadata.name
        }`.toLowerCase(),
      );
    }
  }
  return refs;
}

const inputs = demoServices(Date.parse('2026-11-25T09:00:00.000Z'));
const services: ValidSocialServiceInput[] = inputs.map(input =>
  socialServiceInputSchema.parse(input),
);
const ids = services.map(s => slugify(s.name));

describe('demoServices', () => {
  it('has at least 25 services', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(25);
  });

  it.each(inputs.map(input => [input.name, input]))(
    '%s passes the API validation',
    (_, input) => {
      const result = socialServiceInputSchema.safeParse(input);
      expect(result.success ? [] : toValidationProblems(result.error)).toEqual(
        [],
      );
    },
  );

  it('gives every service a distinct id', () => {
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every handle once per platform', () => {
    const keys = services.map(s => `${s.platform}:${s.handle.toLowerCase()}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(LIFECYCLE_STAGES.map(stage => [stage]))(
    'has a service in %s',
    stage => {
      expect(services.some(s => s.lifecycleStage === stage)).toBe(true);
    },
  );

  it('names only groups and people of examples/org.yaml', () => {
    const refs = orgRefs();
    expect(refs.size).toBeGreaterThan(0);
    const unknown = services
      .flatMap(s => [s.ownerGroup, s.serviceOwner, s.businessRequester])
      .filter((ref): ref is string => Boolean(ref) && !refs.has(ref!));
    expect(unknown).toEqual([]);
  });

  describe('against the lifecycle gates', () => {
    const operating = services.filter(s => s.lifecycleStage === 'operation');
    /** Rated as the catalogue rates a service just loaded (no admins, no incidents yet). */
    const intoOperation = (s: ValidSocialServiceInput) => {
      const rated = {
        ...s,
        adminCount: 0,
        createdAt: new Date().toISOString(),
      };
      const { rating } = assessRisk(
        riskInputFor(
          rated,
          { leaverCount: 0, recentSecurityIncidents: 0, now: new Date() },
          DEFAULT_GUARDIANSHIP_POLICY,
        ),
      );
      return evaluateTransition(
        {
          ...s,
          riskRating: rating,
          leaverCount: 0,
          lifecycleStage: 'transition',
        },
        'operation',
      );
    };

    it.each([
      'Corporate X account',
      'Corporate LinkedIn page',
      'Corporate blog',
    ])('hardened %s meets the operation gates', name => {
      const service = operating.find(s => s.name === name)!;
      expect(service).toBeDefined();
      expect(intoOperation(service)).toEqual({
        to: 'operation',
        allowed: true,
        missing: [],
      });
    });

    it('has hardened services in operation that could move on, and weaker ones that could not', () => {
      const verdicts = operating.map(s => intoOperation(s).allowed);
      expect(verdicts).toContain(true);
      expect(verdicts).toContain(false);
    });

    it('every operating service with credentials in a vault (hardened) meets the gates', () => {
      const vaulted = operating.filter(s => s.controls.credentialVaultRef);
      expect(vaulted.length).toBeGreaterThan(0);
      expect(
        vaulted.filter(s => !intoOperation(s).allowed).map(s => s.name),
      ).toEqual([]);
    });

    it('a weak service in operation lacks MFA, a vault, personal logins, company recovery and a tolerable rating', () => {
      const weak = operating.find(s => s.name === 'Brand Facebook page')!;
      expect(intoOperation(weak).missing).toEqual([
        'MFA enabled',
        'credentials in a vault',
        'personal admin access instead of a shared login',
        'a recovery e-mail and phone owned by the company',
        'a risk rating below critical',
      ]);
    });

    it('rates the demo portfolio across more than one rating', () => {
      const ratings = new Set(
        services.map(
          s =>
            assessRisk(
              riskInputFor(
                { ...s, adminCount: 0, createdAt: new Date().toISOString() },
                { leaverCount: 0, recentSecurityIncidents: 0, now: new Date() },
                DEFAULT_GUARDIANSHIP_POLICY,
              ),
            ).rating,
        ),
      );
      expect(ratings.size).toBeGreaterThanOrEqual(3);
    });

    it('every retired service meets the retirement gates', () => {
      const retired = services.filter(s => s.lifecycleStage === 'retired');
      expect(retired.length).toBeGreaterThan(0);
      for (const service of retired) {
        expect(
          evaluateTransition(
            { ...service, lifecycleStage: 'operation' },
            'retired',
          ),
        ).toEqual({ to: 'retired', allowed: true, missing: [] });
      }
    });
  });
});

describe('DEMO_ADMINS', () => {
  it('belong to demo services', () => {
    expect(Object.keys(DEMO_ADMINS).filter(id => !ids.includes(id))).toEqual(
      [],
    );
  });

  it('name catalog users for people still in the organisation, and include one who left', () => {
    const refs = orgRefs();
    const admins = Object.values(DEMO_ADMINS).flat();
    for (const admin of admins.filter(a => a.userRef)) {
      expect([admin.userRef, refs.has(admin.userRef!)]).toEqual([
        admin.userRef,
        admin.inOrganisation,
      ]);
    }
    expect(admins.some(a => !a.inOrganisation)).toBe(true);
  });
});
