import { toFieldProblems } from './openApiRouter';

describe('toFieldProblems', () => {
  it('names body fields by their dotted path and says what to change in plain words', () => {
    expect(
      toFieldProblems([
        {
          path: '/body/platform',
          message: 'must be equal to one of the allowed values: x, blog',
          errorCode: 'enum.openapi.validation',
        },
        {
          path: '/body/controls/thirdPartyApps/0/name',
          message: 'must be string',
          errorCode: 'type.openapi.validation',
        },
        {
          path: '/body/audienceSize',
          message: 'must be >= 0',
          errorCode: 'minimum.openapi.validation',
        },
        {
          path: '/body/name',
          message: "must have required property 'name'",
          errorCode: 'required.openapi.validation',
        },
      ]),
    ).toEqual({
      location: 'body',
      problems: [
        { field: 'platform', message: 'must be one of x, blog' },
        { field: 'controls.thirdPartyApps.0.name', message: 'must be text' },
        { field: 'audienceSize', message: 'must be 0 or more' },
        { field: 'name', message: 'is required' },
      ],
    });
  });

  it('gathers unknown fields per object, as the shared rules report them', () => {
    expect(
      toFieldProblems([
        {
          path: '/body/password',
          message: 'must NOT have additional properties',
          errorCode: 'additionalProperties.openapi.validation',
        },
        {
          path: '/body/token',
          message: 'must NOT have additional properties',
          errorCode: 'additionalProperties.openapi.validation',
        },
        {
          path: '/body/controls/secret',
          message: 'must NOT have additional properties',
          errorCode: 'additionalProperties.openapi.validation',
        },
      ]).problems,
    ).toEqual([
      { field: '', message: 'Unknown fields: password, token' },
      { field: 'controls', message: 'Unknown field: secret' },
    ]);
  });

  it('names query parameters without the position of a repeated value', () => {
    expect(
      toFieldProblems([
        {
          path: '/query/platform/1',
          message: 'must be equal to one of the allowed values: x, blog',
          errorCode: 'enum.openapi.validation',
        },
      ]),
    ).toEqual({
      location: 'query',
      problems: [{ field: 'platform', message: 'must be one of x, blog' }],
    });
  });
});
