// Generated from openapi.yaml by scripts/generate-openapi.mjs. Do not edit by hand.
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'social-media',
    version: '1',
    description:
      'The social media service catalogue: every social media presence an organisation runs, as a catalogued business service with an owner, a risk rating, an ITIL lifecycle stage and linked incidents. Served under /api/social-media. Every call needs a signed-in user or a Backstage service, except the health and readiness probes; the permission policy decides what each caller may do (403 when it says no).',
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'getHealth',
        summary: 'Liveness probe.',
        security: [],
        responses: {
          '200': {
            description: 'The process answers.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: {
                      type: 'string',
                      const: 'ok',
                    },
                  },
                },
              },
            },
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/readiness': {
      get: {
        operationId: 'getReadiness',
        summary:
          "Readiness probe; ready once the plugin's migrated database answers.",
        security: [],
        responses: {
          '200': {
            description: 'Ready.',
          },
          '503': {
            description: 'The database does not answer.',
          },
        },
      },
    },
    '/status': {
      get: {
        operationId: 'getStatus',
        summary:
          'How the catalogue runs: the database in use, the newest migration, the installed ITSM connectors and the portfolio per lifecycle stage. Needs social-media.status.read (meant for administrators).',
        responses: {
          '200': {
            description: 'Status.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SocialMediaStatus',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services': {
      get: {
        operationId: 'listServices',
        summary: 'The catalogue, filtered, sorted and paged.',
        parameters: [
          {
            name: 'platform',
            in: 'query',
            description: 'Only these platforms (repeat for several).',
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/Platform',
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'ownerGroup',
            in: 'query',
            allowReserved: true,
            description:
              'Only services owned by these groups (entity refs; repeat for several).',
            schema: {
              type: 'array',
              items: {
                type: 'string',
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'serviceOwner',
            in: 'query',
            allowReserved: true,
            description:
              'Only services whose named service owner is one of these users (entity refs; repeat for several).',
            schema: {
              type: 'array',
              items: {
                type: 'string',
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'lifecycleStage',
            in: 'query',
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/LifecycleStage',
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'riskRating',
            in: 'query',
            description:
              'Only these ratings; unrated for services not rated yet (repeat for several).',
            schema: {
              type: 'array',
              items: {
                type: 'string',
                enum: ['low', 'medium', 'high', 'critical', 'unrated'],
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'accessReview',
            in: 'query',
            description:
              'Only services (not retired) whose access review is current, due or overdue, as the dashboard counts them (repeat for several).',
            schema: {
              type: 'array',
              items: {
                type: 'string',
                enum: ['current', 'due', 'overdue'],
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'hasOpenIncidents',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['true', 'false'],
            },
          },
          {
            name: 'hasLeavers',
            in: 'query',
            description:
              'Only services where someone who left still holds access (true), or none does (false).',
            schema: {
              type: 'string',
              enum: ['true', 'false'],
            },
          },
          {
            name: 'compliant',
            in: 'query',
            description:
              'Only services that meet the requirements of their lifecycle stage (true), or that do not (false).',
            schema: {
              type: 'string',
              enum: ['true', 'false'],
            },
          },
          {
            name: 'changedOutside',
            in: 'query',
            description:
              'Only services whose record, as last rated (at each change, and by the guardianship sweep), holds values the catalogue did not write (true), or holds none (false).',
            schema: {
              type: 'string',
              enum: ['true', 'false'],
            },
          },
          {
            name: 'search',
            in: 'query',
            description:
              'Words to find in the name, handle, purpose or business unit. Spaces may be sent as %20 or, as HTML forms do, as +.',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'sort',
            in: 'query',
            schema: {
              type: 'string',
              enum: [
                'name',
                'platform',
                'ownerGroup',
                'lifecycleStage',
                'riskRating',
                'openIncidentCount',
                'audienceSize',
                'updatedAt',
              ],
            },
          },
          {
            name: 'order',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['asc', 'desc'],
            },
          },
          {
            name: 'limit',
            in: 'query',
            description: 'Page size, 1 to 200 (default 50).',
            schema: {
              type: 'string',
              pattern: '^[0-9]+$',
            },
          },
          {
            name: 'offset',
            in: 'query',
            schema: {
              type: 'string',
              pattern: '^[0-9]+$',
            },
          },
          {
            name: 'after',
            in: 'query',
            description:
              "The nextAfter of the previous page, read with the same sort and order: the page starts right after that page's last service, and costs the same however deep it is (an offset costs more the deeper it goes). Not with offset.",
            schema: {
              type: 'string',
              maxLength: 4000,
              pattern: '^[A-Za-z0-9_-]+$',
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of services.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SocialServiceList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
      post: {
        operationId: 'createService',
        summary: 'Catalogue a new service.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/SocialServiceInput',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SocialServiceDetails',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      get: {
        operationId: 'getService',
        summary:
          'One service with its admins, lifecycle history and next transitions.',
        responses: {
          '200': {
            description: 'The service.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SocialServiceDetails',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
      put: {
        operationId: 'updateService',
        summary:
          'Change a service. Send the version you edited; a stale version gets 409.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/SocialServiceUpdate',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Updated.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SocialServiceDetails',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
      delete: {
        operationId: 'deleteService',
        summary: 'Remove a service from the catalogue (its audit trail stays).',
        parameters: [
          {
            name: 'version',
            in: 'query',
            required: true,
            schema: {
              type: 'string',
              pattern: '^[0-9]+$',
            },
          },
        ],
        responses: {
          '204': {
            description: 'Deleted.',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}/transitions': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      post: {
        operationId: 'transitionService',
        summary:
          "Move a service to another lifecycle stage, when the stage's gates are met. A live service (operation, continual improvement) is not moved to retired this way (409): it is retired by a retirement request (POST /services/{id}/handovers).",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/TransitionInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Moved.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SocialServiceDetails',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}/admins': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      put: {
        operationId: 'replaceServiceAdmins',
        summary: 'Replace the list of people who hold access to the account.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/AdminsInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Updated.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SocialServiceDetails',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}/history': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      get: {
        operationId: 'getServiceHistory',
        summary:
          'Every recorded change of one service, newest first, from the audit trail.',
        responses: {
          '200': {
            description: 'The history.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/AuditEntry',
                      },
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}/ownership': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      get: {
        operationId: 'getServiceOwnership',
        summary:
          'Who owned the service at a moment (now when `at` is not given): owner group, service owner, since when, and the change that gave it to them with who made it and the request behind it with who approved it; with the whole ownership timeline, periods without a valid owner marked. A deleted service is still answered for; `owner` is null when the service was not catalogued at that moment (before its creation or after its deletion).',
        parameters: [
          {
            name: 'at',
            in: 'query',
            allowReserved: true,
            description:
              'ISO 8601 date or date-time, e.g. 2026-03-01T09:00:00Z.',
            schema: {
              type: 'string',
              maxLength: 40,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The owner then and the timeline.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServiceOwnership',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/ownership': {
      get: {
        operationId: 'getOwnershipReport',
        summary:
          'Every service a group (as owner group) or a person (as service owner) owned at some time in a period, with the stretches they owned it, including services since transferred, retired or deleted. Give exactly one of group and person.',
        parameters: [
          {
            name: 'group',
            in: 'query',
            allowReserved: true,
            description:
              'Entity ref of the group, e.g. group:default/marketing.',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'person',
            in: 'query',
            allowReserved: true,
            description:
              'Entity ref of the person, e.g. user:default/social-media-manager.',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'from',
            in: 'query',
            allowReserved: true,
            required: true,
            description: 'Start of the period, ISO 8601 date or date-time.',
            schema: {
              type: 'string',
              maxLength: 40,
            },
          },
          {
            name: 'to',
            in: 'query',
            allowReserved: true,
            required: true,
            description: 'End of the period, ISO 8601 date or date-time.',
            schema: {
              type: 'string',
              maxLength: 40,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The services owned in the period.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/OwnershipReport',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}/incidents': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      get: {
        operationId: 'listServiceIncidents',
        summary:
          'The incidents linked to the service from the ITSM tool, open first and newest first; resolved ones only with includeResolved=true.',
        parameters: [
          {
            name: 'includeResolved',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['true', 'false'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'The incidents.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/LinkedIncident',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
      post: {
        operationId: 'reportServiceIncident',
        summary:
          'Raise an incident on the service (e.g. a suspected account takeover) in the ITSM tool it is mapped to, with the mapping filled in. The incident is linked at once and the report is audited. Needs social-media.service.incident.report on the service.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/IncidentReport',
              },
            },
          },
        },
        responses: {
          '201': {
            description:
              'The incident as the ITSM tool stored it, with its number.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/LinkedIncident',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            description: 'The service is not mapped to an ITSM record.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '503': {
            description:
              "No connector for the service's ITSM is installed, or the ITSM tool did not create the incident; the message says why (never with credentials).",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/itsm/connectors': {
      get: {
        operationId: 'listItsmConnectors',
        summary:
          "The installed ITSM connectors, each as it describes itself: the tool's name, what a mapping reference looks like there, how an incident is linked to a service in it and whether it can export the services to the tool's CMDB. Services can be mapped to these ids only (`itsm.system`). Needs social-media.service.read.",
        responses: {
          '200': {
            description: 'One entry per installed connector, by id.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/ItsmConnector',
                      },
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/itsm/status': {
      get: {
        operationId: 'getItsmStatus',
        summary:
          'Where the incident sync of each installed ITSM connector stands.',
        responses: {
          '200': {
            description: 'One entry per installed connector.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/ItsmSyncStatus',
                      },
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/itsm/sync': {
      post: {
        operationId: 'runItsmSync',
        summary:
          "Run the incident sync of every installed connector now, from where each last stopped. One run of a connector at a time, across backend instances: when a connector's sync is already running (scheduled, or started by someone else), the others still run and the answer is 409, naming since when it runs. Needs social-media.itsm.sync.",
        responses: {
          '200': {
            description: "Where each connector's sync stands afterwards.",
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/ItsmSyncStatus',
                      },
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '409': {
            description:
              "A connector's sync was already running; the message names it and since when.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/itsm/connectors/{connectorId}/sync': {
      parameters: [
        {
          name: 'connectorId',
          in: 'path',
          required: true,
          description:
            'The id of an installed ITSM connector, e.g. servicenow.',
          schema: {
            type: 'string',
            minLength: 1,
            maxLength: 64,
          },
        },
      ],
      post: {
        operationId: 'runItsmConnectorSync',
        summary:
          'Run the incident sync of one installed connector now, from where it last stopped, and none of the others (for instance after its credentials were put right). One run of a connector at a time, across backend instances: when its sync is already running, the answer is 409, naming since when it runs. Needs social-media.itsm.sync.',
        responses: {
          '200': {
            description:
              "Where the connector's sync stands afterwards (a failed run answers 200 too, with the failure in lastError).",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ItsmSyncStatus',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            description: 'No connector with this id is installed.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '409': {
            description:
              "The connector's sync was already running; the message says since when.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/itsm/connectors/{connectorId}/cmdb-export': {
      parameters: [
        {
          name: 'connectorId',
          in: 'path',
          required: true,
          description:
            'The id of an installed ITSM connector, e.g. servicenow.',
          schema: {
            type: 'string',
            minLength: 1,
            maxLength: 64,
          },
        },
      ],
      post: {
        operationId: 'runCmdbExport',
        summary:
          "Export every service to the ITSM tool's CMDB through a connector that can (ServiceNow: a CSDM business service offering per service, found again by correlation_id = the service id). A dry run reads the tool and lists the records it would create, the records it would change with the fields that would change, and the conflicts (records changed in the tool since the last export), writing nothing. A real run writes the creations and changes, skips conflicts (unless named in `overwrite`), records the versions it leaves, and maps each service whose record it created to that record unless the service maps to something else. Owners and groups without a match in the tool are listed in `unmatched` and left out. Both kinds of run are on the audit trail. One run per connector at a time on a backend instance. Needs social-media.itsm.sync.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CmdbExportRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'What the run did (or would do, for a dry run).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CmdbExportReport',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            description: 'No connector with this id is installed.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '409': {
            description: 'An export through this connector is already running.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '503': {
            description:
              'The tool could not be read (nothing was written), or a write failed part-way (what was written before it is recorded; run again to finish). The message says which, never with credentials.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/audit/verify': {
      get: {
        operationId: 'verifyAuditTrail',
        summary:
          "Recompute the audit trail's hash chain and name the first entry that does not fit.",
        responses: {
          '200': {
            description: 'The verification result.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AuditVerification',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/audit/entries': {
      get: {
        operationId: 'listAuditEntries',
        summary:
          'The audit trail, newest first, a page at a time by keyset on seq. Every filter narrows the selection; group means the services the group owns now (and their transfers and retirements).',
        parameters: [
          {
            $ref: '#/components/parameters/AuditServiceId',
          },
          {
            $ref: '#/components/parameters/AuditGroup',
          },
          {
            $ref: '#/components/parameters/AuditActor',
          },
          {
            $ref: '#/components/parameters/AuditAction',
          },
          {
            $ref: '#/components/parameters/AuditFrom',
          },
          {
            $ref: '#/components/parameters/AuditTo',
          },
          {
            name: 'before',
            in: 'query',
            description:
              'The cursor (nextBefore of the previous page); entries with a lower seq.',
            schema: {
              type: 'integer',
              minimum: 1,
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 200,
              default: 50,
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of entries.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AuditLogPage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/audit/export': {
      get: {
        operationId: 'exportAuditTrail',
        summary:
          "The trail, or the part the filters select, as a CSV or JSON file in chain order with each entry's hash and the hash before it, for the offline command scripts/verify-audit-export.mjs. The file is streamed. Each export is recorded in the trail (entity type audit-export).",
        parameters: [
          {
            name: 'format',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['csv', 'json'],
              default: 'csv',
            },
          },
          {
            $ref: '#/components/parameters/AuditServiceId',
          },
          {
            $ref: '#/components/parameters/AuditGroup',
          },
          {
            $ref: '#/components/parameters/AuditActor',
          },
          {
            $ref: '#/components/parameters/AuditAction',
          },
          {
            $ref: '#/components/parameters/AuditFrom',
          },
          {
            $ref: '#/components/parameters/AuditTo',
          },
        ],
        responses: {
          '200': {
            description:
              'The export. CSV: a first line `# {header}`, the column names, one entry per line, and a last line `# end {"entries":N}`; cells starting with =, +, -, @, a tab, a carriage return or a single quote get a single quote in front. JSON: an object with export (the header), entries and end.',
            content: {
              'text/csv': {
                schema: {
                  type: 'string',
                },
              },
              'application/json': {
                schema: {
                  type: 'object',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/import': {
      post: {
        operationId: 'importServices',
        summary:
          'Bulk import of an inventory (CSV or YAML). All or nothing: any problem and nothing is written; the report names every problem by row and field. With dryRun nothing is written.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ImportRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Imported (or, for a dry run, checked).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ImportReport',
                },
              },
            },
          },
          '400': {
            description:
              'The file has problems (cells that are spreadsheet formulas among them); nothing was written. The body is the report. A request that is not an import request (an unknown field, such as a misspelt dryRun) gets the error body naming the field.',
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    {
                      $ref: '#/components/schemas/ImportReport',
                    },
                    {
                      $ref: '#/components/schemas/Error',
                    },
                  ],
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}/evidence': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      get: {
        operationId: 'getServiceEvidence',
        summary:
          'Everything an auditor needs about one service over a period, in one document: who owned it (each ownership with the change, person and request that set it), the request it came from, transfers and retirements, lifecycle moves, access reviews with each decision, its risk rating history, its incidents and its audit trail entries. `from` and `to` are dates or date-times (a bare `to` date covers that whole day); the last twelve months by default. Each read is recorded as an auditor event.',
        parameters: [
          {
            name: 'from',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'to',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The evidence.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: [
                    'service',
                    'period',
                    'generatedAt',
                    'generatedBy',
                    'owners',
                    'handovers',
                    'moves',
                    'accessReviews',
                    'riskHistory',
                    'incidents',
                    'auditEntries',
                  ],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}/risk-history': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      get: {
        operationId: 'getRiskHistory',
        summary:
          "Every change of the service's risk rating with its reasons, newest first.",
        responses: {
          '200': {
            description: 'The rating history.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/RiskHistoryEntry',
                      },
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}/access-reviews': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      get: {
        operationId: 'getAccessReviews',
        summary: 'The access reviews of a service, newest first.',
        responses: {
          '200': {
            description: 'The reviews.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/AccessReview',
                      },
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
      post: {
        operationId: 'submitAccessReview',
        summary:
          'Attest the admin list: one keep-or-remove decision for every admin. Removed admins leave the list; the next review falls due one interval later. Keeping a person who left the organisation needs a reason (400 naming the account otherwise). Needs social-media.service.review.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/AccessReviewInput',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Recorded.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['review', 'service'],
                  properties: {
                    review: {
                      $ref: '#/components/schemas/AccessReview',
                    },
                    service: {
                      $ref: '#/components/schemas/SocialServiceDetails',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}/sign-offs': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      post: {
        operationId: 'signOffRisk',
        summary:
          "Sign off the service's current risk assessment, in the caller's name and at the time of the call (no date can be given). The service is rated again first; a rating other than the one named is refused with 409, as the signer has not seen it. A later change of rating leaves the sign-off stale. Needs social-media.service.sign-off (by default the service owner and the security office).",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RiskSignOffInput',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Signed; the service with its new sign-off.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SocialServiceDetails',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/requests/preview': {
      post: {
        operationId: 'previewServiceRequest',
        summary:
          'The rating the risk model predicts for a requested service (as it will run with what operation requires), what it will need before it may enter operation, and the approvals it would need. Writes nothing. Needs social-media.request.create.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ServiceRequestInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The prediction and the approvals.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    prediction: {
                      $ref: '#/components/schemas/RequestPrediction',
                    },
                    approvals: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/RequiredApproval',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/requests': {
      get: {
        operationId: 'listServiceRequests',
        summary:
          "Service requests, newest first. `scope=mine` (default): the caller's and their teams', and those past their draft that name the caller or their team to own the service; `inbox`: submitted requests waiting for an approval the caller may give; `all`: every request (needs social-media.request.read-all).",
        parameters: [
          {
            name: 'scope',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['mine', 'inbox', 'all'],
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 200,
            },
          },
          {
            name: 'offset',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 10000000,
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of requests.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items', 'totalCount'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/ServiceRequest',
                      },
                    },
                    totalCount: {
                      type: 'integer',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
      post: {
        operationId: 'fileServiceRequest',
        summary:
          'Files a request for a new social service as a draft, or submits it at once with `submit: true`. The caller is the requester. A handle already catalogued, or already requested and pending, is refused with 409 naming the other record. Needs social-media.request.create.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                allOf: [
                  {
                    $ref: '#/components/schemas/ServiceRequestInput',
                  },
                  {
                    type: 'object',
                    properties: {
                      submit: {
                        type: 'boolean',
                      },
                    },
                  },
                ],
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Filed.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServiceRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/requests/{requestId}': {
      parameters: [
        {
          name: 'requestId',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      get: {
        operationId: 'getServiceRequest',
        summary:
          'A request with its timeline, for its requester, the requesting team, approvers and those who read every request; 404 for anyone else.',
        responses: {
          '200': {
            description: 'The request.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServiceRequest',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
      put: {
        operationId: 'editServiceRequest',
        summary:
          'The requester side edits a draft or a request sent back for changes: the fields and the `version` it was based on.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                allOf: [
                  {
                    $ref: '#/components/schemas/ServiceRequestInput',
                  },
                  {
                    type: 'object',
                    properties: {
                      version: {
                        type: 'integer',
                        minimum: 1,
                      },
                    },
                  },
                ],
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Edited.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServiceRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/requests/{requestId}/submit': {
      parameters: [
        {
          name: 'requestId',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      post: {
        operationId: 'submitServiceRequest',
        summary:
          'Sends a draft or a changed request to its approvers; earlier approvals start again.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RequestStepInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Submitted.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServiceRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/requests/{requestId}/withdraw': {
      parameters: [
        {
          name: 'requestId',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      post: {
        operationId: 'withdrawServiceRequest',
        summary:
          'The requester side takes back a draft, submitted or sent-back request.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RequestStepInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Withdrawn.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServiceRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/requests/{requestId}/decisions': {
      parameters: [
        {
          name: 'requestId',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      post: {
        operationId: 'decideServiceRequest',
        summary:
          "An approver approves, rejects or asks for changes, with a comment, based on the `version` seen. Nobody decides on their own request or one of a group they belong to (403); one person gives at most one of a request's approvals. Of two decisions at once exactly one wins; the other gets 409 naming the outcome. The last approval catalogues the service in design, in the same transaction. Needs social-media.request.decide.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RequestDecisionInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Decided (and, on the last approval, provisioned).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServiceRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/services/{id}/handovers': {
      parameters: [
        {
          $ref: '#/components/parameters/serviceId',
        },
      ],
      post: {
        operationId: 'fileHandover',
        summary:
          'Ask to hand the service to another group (`kind: transfer`, with toOwnerGroup, toServiceOwner and reason; needs social-media.service.update on the service) or to retire it (`kind: retirement`, with reason, handle kept or released and the retirement checklist, every item done; needs social-media.service.transition). `version` is the service version seen. A service has at most one waiting at a time (409 naming it).',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/HandoverInput',
              },
            },
          },
        },
        responses: {
          '201': {
            description:
              'Filed; waiting for the receiving group or IT service management.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Handover',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
      get: {
        operationId: 'listServiceHandovers',
        summary:
          'Every transfer and retirement of the service, newest first, with its timeline.',
        responses: {
          '200': {
            description: "The service's transfers and retirements.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HandoverList',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/handovers': {
      get: {
        operationId: 'listHandovers',
        summary:
          "`mine`: the transfers and retirements the caller filed; `inbox`: those waiting for the caller's decision (a transfer for the receiving group's members, a retirement for IT service management), never the caller's own.",
        parameters: [
          {
            name: 'scope',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['mine', 'inbox'],
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 200,
            },
          },
          {
            name: 'offset',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 10000000,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Newest first.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HandoverList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/handovers/{handoverId}': {
      parameters: [
        {
          name: 'handoverId',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      get: {
        operationId: 'getHandover',
        summary:
          'A transfer or retirement with its timeline and checklist answers.',
        responses: {
          '200': {
            description: 'The transfer or retirement.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Handover',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/handovers/{handoverId}/decisions': {
      parameters: [
        {
          name: 'handoverId',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      post: {
        operationId: 'decideHandover',
        summary:
          'A member of the receiving group accepts a transfer (with the transfer checklist, every item done: 400 names what is not) or declines it; IT service management approves (`accept`) or declines a retirement. Never the person who filed it (403). Accepting makes the change to the service in the same transaction: new owner group and service owner, or access revoked, the account archived (handle kept) or deleted (released) and the move to retired. Of two decisions at once one wins; the other gets 409.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/HandoverDecisionInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Decided.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Handover',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/handovers/{handoverId}/withdraw': {
      parameters: [
        {
          name: 'handoverId',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      post: {
        operationId: 'withdrawHandover',
        summary:
          'The person who filed a waiting transfer or retirement takes it back.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RequestStepInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Withdrawn.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Handover',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/access-reviews': {
      get: {
        operationId: 'listAccessReviews',
        summary:
          'Services (not retired) by access review status, the earliest due first.',
        parameters: [
          {
            name: 'status',
            in: 'query',
            description:
              'current, due or overdue; due and overdue when left out.',
            schema: {
              type: 'array',
              items: {
                type: 'string',
                enum: ['current', 'due', 'overdue'],
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'string',
              pattern: '^[0-9]+$',
            },
          },
          {
            name: 'offset',
            in: 'query',
            schema: {
              type: 'string',
              pattern: '^[0-9]+$',
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of services with their review status.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items', 'totalCount'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/AccessReviewListItem',
                      },
                    },
                    totalCount: {
                      type: 'integer',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/dashboard': {
      get: {
        operationId: 'getDashboard',
        summary:
          'The portfolio dashboard: services by stage and rating, the rating trend, review status and services with leavers.',
        parameters: [
          {
            name: 'days',
            in: 'query',
            description: 'Days of the risk trend, 1 to 365; 30 when left out.',
            schema: {
              type: 'string',
              pattern: '^[0-9]+$',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The dashboard.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PortfolioDashboard',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/guardianship/sweep': {
      post: {
        operationId: 'runGuardianshipSweep',
        summary:
          'Run leaver detection against the catalog and rate every service again, now rather than on the schedule. Needs social-media.guardianship.sweep.',
        responses: {
          '200': {
            description: 'What the sweep did.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GuardianshipSweepResult',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
    '/guardianship/facts': {
      get: {
        operationId: 'listGuardianshipFacts',
        summary:
          "Every service's guardianship facts (MFA, vault, shared login, last access review, leavers, open incidents, stage compliance, rating), a page at a time in id order, for scorecards.",
        parameters: [
          {
            name: 'limit',
            in: 'query',
            description: 'Page size, 1 to 200 (default 50).',
            schema: {
              type: 'string',
              pattern: '^[0-9]+$',
            },
          },
          {
            name: 'offset',
            in: 'query',
            schema: {
              type: 'string',
              pattern: '^[0-9]+$',
            },
          },
          {
            name: 'after',
            in: 'query',
            description:
              "The nextAfter of the previous page: the page starts right after that page's last service, and costs the same however deep it is. Not with offset.",
            schema: {
              type: 'string',
              maxLength: 4000,
              pattern: '^[A-Za-z0-9_-]+$',
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of guardianship facts.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GuardianshipFactsList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '503': {
            $ref: '#/components/responses/ServiceUnavailable',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      AuditServiceId: {
        name: 'serviceId',
        in: 'query',
        allowReserved: true,
        description:
          'Only entries about this service (and its transfers and retirements).',
        schema: {
          type: 'string',
        },
      },
      AuditGroup: {
        name: 'group',
        in: 'query',
        allowReserved: true,
        description:
          'Only entries about the services this group owns now, by their current owner group (entity ref, e.g. group:default/marketing).',
        schema: {
          type: 'string',
        },
      },
      AuditActor: {
        name: 'actor',
        in: 'query',
        allowReserved: true,
        description:
          'Only entries by this actor (entity ref, exactly as the trail names it).',
        schema: {
          type: 'string',
        },
      },
      AuditAction: {
        name: 'action',
        in: 'query',
        allowReserved: true,
        description: 'Only these actions (repeat for several).',
        schema: {
          type: 'array',
          items: {
            type: 'string',
          },
        },
        style: 'form',
        explode: true,
      },
      AuditFrom: {
        name: 'from',
        in: 'query',
        allowReserved: true,
        description:
          'From this time on (ISO 8601; a bare date means its start).',
        schema: {
          type: 'string',
        },
      },
      AuditTo: {
        name: 'to',
        in: 'query',
        allowReserved: true,
        description: 'Up to this time (ISO 8601; a bare date means its end).',
        schema: {
          type: 'string',
        },
      },
      serviceId: {
        name: 'id',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 63,
        },
      },
    },
    responses: {
      BadRequest: {
        description:
          'The input is not valid; the message says what to change. Nothing was written.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Unauthorized: {
        description: 'No or invalid credentials.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Forbidden: {
        description: 'The permission policy does not allow this.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      NotFound: {
        description: 'No such service.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Conflict: {
        description:
          'The service changed since the version you sent (reload and retry), or a service with the same id or platform handle exists.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      ServiceUnavailable: {
        description:
          'The database, or another part of the portal the request needs (the catalog, permissions, sign-in), does not answer just now. The message names a reference for the backend log, never SQL or a stack trace. Try again shortly; a change whose connection broke while it was committed may have been stored, so read the service again first (a retried update with the old version then gets a 409).',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
              fields: {
                description:
                  "On a 400 (name InputError): every offending field, whichever layer refused the request. `field` is the dotted path in the body or the query parameter's name; an empty `field` is about the input as a whole (e.g. unknown fields).",
                type: 'array',
                items: {
                  type: 'object',
                  required: ['field', 'message'],
                  properties: {
                    field: {
                      type: 'string',
                    },
                    message: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
          request: {
            type: 'object',
          },
          response: {
            type: 'object',
          },
        },
      },
      Platform: {
        type: 'string',
        enum: [
          'x',
          'facebook',
          'instagram',
          'linkedin',
          'youtube',
          'tiktok',
          'mastodon',
          'threads',
          'bluesky',
          'blog',
          'other',
        ],
      },
      LifecycleStage: {
        type: 'string',
        enum: [
          'strategy',
          'design',
          'transition',
          'operation',
          'improvement',
          'retired',
        ],
      },
      RiskRating: {
        type: 'string',
        enum: ['low', 'medium', 'high', 'critical'],
      },
      LinkedIncident: {
        type: 'object',
        required: [
          'connectorId',
          'externalId',
          'number',
          'title',
          'priority',
          'state',
          'open',
          'openedAt',
          'updatedAt',
          'url',
        ],
        properties: {
          connectorId: {
            type: 'string',
          },
          externalId: {
            type: 'string',
          },
          number: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          priority: {
            type: 'string',
          },
          state: {
            type: 'string',
          },
          category: {
            type: 'string',
          },
          open: {
            type: 'boolean',
          },
          openedAt: {
            type: 'string',
          },
          resolvedAt: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
        },
      },
      ItsmConnector: {
        type: 'object',
        required: [
          'id',
          'displayName',
          'reference',
          'incidentLinking',
          'cmdbExport',
        ],
        properties: {
          id: {
            type: 'string',
            description:
              'The id services are mapped with (`itsm.system`), e.g. servicenow.',
          },
          displayName: {
            type: 'string',
            description: "The tool's name, e.g. ServiceNow.",
          },
          reference: {
            type: 'object',
            description:
              'What a mapping reference (`itsm.reference`) looks like in the tool.',
            required: ['label', 'help', 'example'],
            properties: {
              label: {
                type: 'string',
              },
              help: {
                type: 'string',
              },
              example: {
                type: 'string',
              },
              pattern: {
                type: 'string',
                description:
                  'A regular expression (JavaScript syntax) the whole reference must match; a mapping whose reference does not is refused with 400. Absent when the tool takes free text.',
              },
            },
          },
          incidentLinking: {
            type: 'string',
            description:
              'How an incident is linked to a service in the tool, for people.',
          },
          cmdbExport: {
            type: 'boolean',
            description:
              "Whether the connector, as installed, can export the services to the tool's CMDB (POST /itsm/connectors/{connectorId}/cmdb-export); false answers that with 400.",
          },
        },
      },
      CmdbExportRequest: {
        type: 'object',
        description: 'Other fields are refused with a 400 naming them.',
        required: ['dryRun'],
        properties: {
          dryRun: {
            type: 'boolean',
            description:
              'True to list what the export would do without writing anything.',
          },
          overwrite: {
            type: 'array',
            maxItems: 1000,
            description:
              'Services whose conflicting records a real run writes all the same (a record gone from the tool is created again).',
            items: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
        },
      },
      CmdbExportFieldChange: {
        type: 'object',
        required: ['field', 'to'],
        properties: {
          field: {
            type: 'string',
            description: "The tool's field name, e.g. life_cycle_stage.",
          },
          from: {
            type: 'string',
            description: 'What the record holds now; absent when empty or new.',
          },
          to: {
            type: 'string',
          },
        },
      },
      CmdbExportChange: {
        type: 'object',
        required: ['serviceId', 'name', 'fields'],
        properties: {
          serviceId: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          externalId: {
            type: 'string',
            description:
              "The record's id in the tool; absent for a record still to create.",
          },
          version: {
            type: 'string',
          },
          fields: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CmdbExportFieldChange',
            },
          },
        },
      },
      CmdbExportConflict: {
        allOf: [
          {
            $ref: '#/components/schemas/CmdbExportChange',
          },
          {
            type: 'object',
            required: ['reason'],
            properties: {
              reason: {
                type: 'string',
              },
              storedVersion: {
                type: 'string',
                description: 'The version stored at the last export.',
              },
            },
          },
        ],
      },
      CmdbExportReport: {
        type: 'object',
        required: [
          'connectorId',
          'dryRun',
          'creates',
          'updates',
          'conflicts',
          'overwritten',
          'unmatched',
          'unchanged',
          'mappings',
        ],
        properties: {
          connectorId: {
            type: 'string',
          },
          dryRun: {
            type: 'boolean',
          },
          creates: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CmdbExportChange',
            },
          },
          updates: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CmdbExportChange',
            },
          },
          conflicts: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CmdbExportConflict',
            },
          },
          overwritten: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CmdbExportChange',
            },
          },
          unmatched: {
            type: 'array',
            items: {
              type: 'object',
              required: ['serviceId', 'field', 'ref', 'message'],
              properties: {
                serviceId: {
                  type: 'string',
                },
                field: {
                  type: 'string',
                  enum: ['serviceOwner', 'ownerGroup'],
                },
                ref: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
            },
          },
          unchanged: {
            type: 'integer',
            description:
              'Records that already hold what the catalogue would write.',
          },
          mappings: {
            type: 'array',
            description:
              'Real runs: each service whose record was created (or first found) and what became of its ITSM mapping: set to the record, or kept because it maps elsewhere.',
            items: {
              type: 'object',
              required: ['serviceId', 'result', 'reference', 'message'],
              properties: {
                serviceId: {
                  type: 'string',
                },
                result: {
                  type: 'string',
                  enum: ['set', 'kept'],
                },
                reference: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      ItsmSyncStatus: {
        type: 'object',
        required: ['connectorId', 'incidentsLastRun', 'mappedServices'],
        properties: {
          connectorId: {
            type: 'string',
          },
          lastRunAt: {
            type: 'string',
          },
          lastSuccessAt: {
            type: 'string',
          },
          lastErrorAt: {
            type: 'string',
          },
          lastError: {
            type: 'string',
          },
          lastFullSyncAt: {
            type: 'string',
            description:
              'End of the last full sync, which also removes the incidents the ITSM no longer lists for the mapped services.',
          },
          incidentsLastRun: {
            type: 'integer',
          },
          mappedServices: {
            type: 'integer',
          },
          runningSince: {
            type: 'string',
            description:
              'Start of the run going on now, on this or another backend instance; absent when none is.',
          },
        },
      },
      RiskFactor: {
        type: 'object',
        required: ['id', 'kind', 'label', 'value', 'contribution'],
        properties: {
          id: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: ['likelihood', 'impact'],
          },
          label: {
            type: 'string',
          },
          value: {
            type: 'string',
          },
          contribution: {
            type: 'number',
          },
        },
      },
      RiskAssessment: {
        type: 'object',
        required: [
          'rating',
          'likelihood',
          'impact',
          'product',
          'factors',
          'assessedAt',
        ],
        properties: {
          rating: {
            $ref: '#/components/schemas/RiskRating',
          },
          likelihood: {
            type: 'object',
            properties: {
              score: {
                type: 'number',
              },
              level: {
                type: 'integer',
              },
            },
          },
          impact: {
            type: 'object',
            properties: {
              score: {
                type: 'number',
              },
              level: {
                type: 'integer',
              },
            },
          },
          product: {
            type: 'integer',
            description: 'likelihood level x impact level',
          },
          factors: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RiskFactor',
            },
          },
          assessedAt: {
            type: 'string',
          },
        },
      },
      RiskHistoryEntry: {
        type: 'object',
        required: [
          'serviceId',
          'rating',
          'likelihoodLevel',
          'impactLevel',
          'reasons',
          'trigger',
          'at',
        ],
        properties: {
          serviceId: {
            type: 'string',
          },
          rating: {
            $ref: '#/components/schemas/RiskRating',
          },
          previousRating: {
            $ref: '#/components/schemas/RiskRating',
          },
          likelihoodLevel: {
            type: 'integer',
          },
          impactLevel: {
            type: 'integer',
          },
          reasons: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RiskFactor',
            },
          },
          trigger: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
          recordProblems: {
            $ref: '#/components/schemas/RecordProblems',
          },
        },
      },
      AccessReviewStatus: {
        type: 'object',
        required: ['status', 'dueAt', 'overdueDays', 'intervalDays'],
        properties: {
          status: {
            type: 'string',
            enum: ['current', 'due', 'overdue'],
            description:
              'A service never reviewed is due (or overdue), never current.',
          },
          lastReviewedAt: {
            type: 'string',
            description:
              'Time of the last access review recorded; absent when there was none.',
          },
          dueAt: {
            type: 'string',
          },
          overdueDays: {
            type: 'integer',
          },
          intervalDays: {
            type: 'integer',
          },
        },
      },
      IncidentReport: {
        type: 'object',
        required: ['title', 'description', 'category'],
        properties: {
          title: {
            type: 'string',
            description: '5 to 160 characters.',
          },
          description: {
            type: 'string',
            description: 'Up to 4000 characters.',
          },
          category: {
            type: 'string',
            description:
              'account-takeover, phishing, impersonation, unauthorised-post, outage or other.',
          },
        },
      },
      AccessReviewInput: {
        type: 'object',
        required: ['version', 'decisions'],
        properties: {
          version: {
            type: 'integer',
            minimum: 1,
          },
          decisions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['account', 'decision'],
              properties: {
                account: {
                  type: 'string',
                },
                decision: {
                  type: 'string',
                  enum: ['keep', 'remove'],
                },
                reason: {
                  type: 'string',
                  description:
                    'Why the person keeps access, at most 500 characters; required when the person has left the organisation and is kept.',
                },
              },
            },
          },
          note: {
            type: 'string',
          },
        },
      },
      AccessReview: {
        type: 'object',
        required: ['id', 'serviceId', 'reviewer', 'at', 'decisions'],
        properties: {
          id: {
            type: 'integer',
          },
          serviceId: {
            type: 'string',
          },
          reviewer: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
          decisions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['account', 'decision'],
              properties: {
                account: {
                  type: 'string',
                },
                userRef: {
                  type: 'string',
                },
                decision: {
                  type: 'string',
                  enum: ['keep', 'remove'],
                },
                reason: {
                  type: 'string',
                },
                leftOrganisation: {
                  type: 'boolean',
                  description:
                    'The person had left the organisation at the time of the review.',
                },
              },
            },
          },
          note: {
            type: 'string',
          },
          recordProblems: {
            $ref: '#/components/schemas/RecordProblems',
          },
        },
      },
      AccessReviewListItem: {
        type: 'object',
        required: ['serviceId', 'name', 'platform', 'ownerGroup', 'review'],
        properties: {
          serviceId: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          platform: {
            $ref: '#/components/schemas/Platform',
          },
          ownerGroup: {
            type: 'string',
          },
          serviceOwner: {
            type: 'string',
          },
          riskRating: {
            $ref: '#/components/schemas/RiskRating',
          },
          review: {
            $ref: '#/components/schemas/AccessReviewStatus',
          },
        },
      },
      PortfolioDashboard: {
        type: 'object',
        required: [
          'totalServices',
          'byStageAndRisk',
          'riskTrend',
          'accessReviews',
          'servicesWithLeavers',
          'outOfCompliance',
          'changedOutside',
          'overdueReviews',
        ],
        properties: {
          totalServices: {
            type: 'integer',
          },
          byStageAndRisk: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'stage',
                'low',
                'medium',
                'high',
                'critical',
                'unrated',
              ],
              properties: {
                stage: {
                  $ref: '#/components/schemas/LifecycleStage',
                },
                low: {
                  type: 'integer',
                },
                medium: {
                  type: 'integer',
                },
                high: {
                  type: 'integer',
                },
                critical: {
                  type: 'integer',
                },
                unrated: {
                  type: 'integer',
                },
              },
            },
          },
          riskTrend: {
            type: 'array',
            items: {
              type: 'object',
              required: ['date', 'low', 'medium', 'high', 'critical'],
              properties: {
                date: {
                  type: 'string',
                },
                low: {
                  type: 'integer',
                },
                medium: {
                  type: 'integer',
                },
                high: {
                  type: 'integer',
                },
                critical: {
                  type: 'integer',
                },
              },
            },
          },
          accessReviews: {
            type: 'object',
            required: ['current', 'due', 'overdue'],
            properties: {
              current: {
                type: 'integer',
              },
              due: {
                type: 'integer',
              },
              overdue: {
                type: 'integer',
              },
            },
          },
          servicesWithLeavers: {
            type: 'integer',
          },
          outOfCompliance: {
            type: 'integer',
            description:
              'Services that do not meet the requirements of their lifecycle stage.',
          },
          changedOutside: {
            type: 'integer',
            description:
              'Services whose record, as last rated, holds values the catalogue did not write (changed in the database outside it); each is also out of compliance.',
          },
          overdueReviews: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AccessReviewListItem',
            },
          },
        },
      },
      GuardianshipFacts: {
        type: 'object',
        required: [
          'serviceId',
          'lifecycleStage',
          'mfaEnabled',
          'credentialsInVault',
          'sharedLogin',
          'leaverCount',
          'openIncidentCount',
          'openSecurityIncidentCount',
          'stageCompliant',
          'stageMissing',
        ],
        properties: {
          serviceId: {
            type: 'string',
          },
          lifecycleStage: {
            $ref: '#/components/schemas/LifecycleStage',
          },
          mfaEnabled: {
            type: 'boolean',
          },
          credentialsInVault: {
            type: 'boolean',
            description:
              'A credential vault reference is recorded (never the secret).',
          },
          sharedLogin: {
            type: 'boolean',
          },
          lastAccessReviewAt: {
            type: 'string',
            description:
              'Time of the last access review; absent when there was none.',
          },
          leaverCount: {
            type: 'integer',
            description:
              'Admins and the service owner who are no longer Users in the catalog.',
          },
          openIncidentCount: {
            type: 'integer',
          },
          openSecurityIncidentCount: {
            type: 'integer',
            description:
              'Open incidents that are security incidents (takeover, phishing, impersonation).',
          },
          stageCompliant: {
            type: 'boolean',
            description:
              'The service meets the requirements of its lifecycle stage.',
          },
          stageMissing: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          riskRating: {
            $ref: '#/components/schemas/RiskRating',
          },
          riskScore: {
            type: 'integer',
            description:
              'Likelihood level x impact level (1 to 16); absent when not rated.',
          },
        },
      },
      GuardianshipFactsList: {
        type: 'object',
        required: ['items', 'totalCount', 'limit', 'offset'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/GuardianshipFacts',
            },
          },
          totalCount: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
            description:
              'The offset asked for; 0 for a page read after a cursor.',
          },
          nextAfter: {
            type: 'string',
            description:
              'The cursor of the next page (pass it as `after`); absent on the last page.',
          },
        },
      },
      GuardianshipSweepResult: {
        type: 'object',
        required: [
          'servicesChecked',
          'leaversFlagged',
          'leaversCleared',
          'ratingsChanged',
          'recordsChangedOutside',
          'at',
        ],
        properties: {
          servicesChecked: {
            type: 'integer',
          },
          leaversFlagged: {
            type: 'integer',
          },
          leaversCleared: {
            type: 'integer',
          },
          ratingsChanged: {
            type: 'integer',
          },
          recordsChangedOutside: {
            type: 'integer',
            description:
              'Services whose record holds values their audit trail never set (changed in the database outside the catalogue); each is marked in lists and counted out of compliance until put right.',
          },
          at: {
            type: 'string',
          },
        },
      },
      GuardianshipControls: {
        type: 'object',
        properties: {
          mfaEnabled: {
            type: 'boolean',
          },
          mfaMethod: {
            type: 'string',
            enum: [
              'security-key',
              'authenticator-app',
              'platform-approval',
              'sms',
            ],
          },
          ssoEnabled: {
            type: 'boolean',
          },
          credentialVaultRef: {
            type: 'string',
            description:
              'Where the credentials are kept (a reference, never the secret).',
          },
          sharedLogin: {
            type: 'boolean',
          },
          thirdPartyApps: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name'],
              properties: {
                name: {
                  type: 'string',
                },
                scopes: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
                lastReviewedAt: {
                  type: 'string',
                  description: 'ISO 8601 date',
                },
              },
            },
          },
          verified: {
            type: 'boolean',
          },
          recoveryOwnedByCompany: {
            type: 'boolean',
          },
          regulatedContent: {
            type: 'boolean',
          },
          brandLevel: {
            type: 'boolean',
          },
          lastAccessReviewAt: {
            type: 'string',
            description:
              'Time of the last access review, set by access reviews only. A new service cannot have one (400); an update may send back the value it read, and any other is refused with 400.',
          },
          accessRevoked: {
            type: 'boolean',
          },
          accountStatus: {
            type: 'string',
            enum: ['active', 'archived', 'deleted'],
          },
        },
      },
      ItsmMapping: {
        type: 'object',
        required: ['system', 'reference'],
        properties: {
          system: {
            type: 'string',
            description:
              'The id of an installed ITSM connector (GET /itsm/connectors). Creating, changing or importing a mapping to a system no installed connector has is refused with 400 naming the installed ids; a service keeps a mapping made before its connector was uninstalled.',
          },
          reference: {
            type: 'string',
            description:
              "The ITSM record, in the connector's terms; checked against the connector's reference pattern when it declares one.",
          },
        },
      },
      SocialServiceFields: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          platform: {
            $ref: '#/components/schemas/Platform',
          },
          handle: {
            type: 'string',
          },
          profileUrl: {
            type: 'string',
            description: 'https only',
          },
          purpose: {
            type: 'string',
          },
          businessUnit: {
            type: 'string',
          },
          ownerGroup: {
            type: 'string',
            description: 'catalog Group entity ref',
          },
          serviceOwner: {
            type: 'string',
            description: 'catalog User entity ref',
          },
          businessRequester: {
            type: 'string',
            description: 'catalog User entity ref',
          },
          audienceSize: {
            type: 'integer',
            minimum: 0,
          },
          tags: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          controls: {
            $ref: '#/components/schemas/GuardianshipControls',
          },
          itsm: {
            $ref: '#/components/schemas/ItsmMapping',
          },
        },
      },
      SocialServiceInput: {
        allOf: [
          {
            $ref: '#/components/schemas/SocialServiceFields',
          },
          {
            type: 'object',
            required: [
              'name',
              'platform',
              'handle',
              'purpose',
              'businessUnit',
              'ownerGroup',
            ],
            properties: {
              id: {
                type: 'string',
                description: 'Optional; derived from the name when absent.',
              },
              lifecycleStage: {
                $ref: '#/components/schemas/LifecycleStage',
              },
            },
          },
        ],
      },
      SocialServiceUpdate: {
        allOf: [
          {
            $ref: '#/components/schemas/SocialServiceFields',
          },
          {
            type: 'object',
            required: [
              'name',
              'platform',
              'handle',
              'purpose',
              'businessUnit',
              'ownerGroup',
              'version',
            ],
            properties: {
              version: {
                type: 'integer',
                minimum: 1,
              },
            },
          },
        ],
      },
      SocialService: {
        allOf: [
          {
            $ref: '#/components/schemas/SocialServiceFields',
          },
          {
            type: 'object',
            required: [
              'id',
              'name',
              'platform',
              'handle',
              'purpose',
              'businessUnit',
              'ownerGroup',
              'audienceSize',
              'tags',
              'lifecycleStage',
              'controls',
              'leaverCount',
              'openIncidentCount',
              'compliance',
              'adminCount',
              'createdAt',
              'updatedAt',
              'version',
            ],
            properties: {
              id: {
                type: 'string',
              },
              lifecycleStage: {
                $ref: '#/components/schemas/LifecycleStage',
              },
              riskRating: {
                $ref: '#/components/schemas/RiskRating',
              },
              leaverCount: {
                type: 'integer',
              },
              accessReviewDueAt: {
                type: 'string',
              },
              openIncidentCount: {
                type: 'integer',
              },
              compliance: {
                $ref: '#/components/schemas/StageCompliance',
              },
              adminCount: {
                type: 'integer',
              },
              createdAt: {
                type: 'string',
              },
              updatedAt: {
                type: 'string',
              },
              version: {
                type: 'integer',
              },
              recordProblems: {
                description:
                  "Stored values the catalogue's rules do not allow, or that its audit trail never set (found by the service page at once, by lists from the next guardianship sweep), left by a change made in the database outside the catalogue, each with what is shown instead. Absent on a sound record; such a service is out of compliance until it is put right.",
                type: 'array',
                items: {
                  $ref: '#/components/schemas/RecordProblem',
                },
              },
            },
          },
        ],
      },
      RecordProblems: {
        description:
          'Stored values the catalogue never writes (a change made in the database outside it), each with what is shown instead. Absent on a sound record.',
        type: 'array',
        items: {
          $ref: '#/components/schemas/RecordProblem',
        },
      },
      RecordProblem: {
        description:
          'One stored value the catalogue did not write: one it cannot read as stored, or on a service one its audit trail never set. The field as the API names it, what the database holds (as text, cut at 200 characters) and what is shown and worked with instead.',
        type: 'object',
        required: ['field', 'stored', 'shownAs'],
        properties: {
          field: {
            type: 'string',
          },
          stored: {
            type: 'string',
          },
          shownAs: {
            type: 'string',
          },
        },
      },
      ServiceAdmin: {
        type: 'object',
        required: ['account', 'role', 'inOrganisation', 'addedAt'],
        properties: {
          account: {
            type: 'string',
          },
          userRef: {
            type: 'string',
          },
          role: {
            type: 'string',
            enum: ['owner', 'admin', 'editor', 'analyst'],
          },
          inOrganisation: {
            type: 'boolean',
          },
          addedAt: {
            type: 'string',
          },
        },
      },
      LifecycleTransition: {
        type: 'object',
        required: ['serviceId', 'from', 'to', 'actor', 'reason', 'at'],
        properties: {
          serviceId: {
            type: 'string',
          },
          from: {
            $ref: '#/components/schemas/LifecycleStage',
          },
          to: {
            $ref: '#/components/schemas/LifecycleStage',
          },
          actor: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
        },
      },
      TransitionOption: {
        type: 'object',
        required: ['to', 'allowed', 'missing'],
        properties: {
          to: {
            $ref: '#/components/schemas/LifecycleStage',
          },
          allowed: {
            type: 'boolean',
          },
          missing: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          notReachable: {
            type: 'string',
          },
        },
      },
      StageCompliance: {
        type: 'object',
        description:
          'Whether the service meets the requirements of its lifecycle stage (the gate of the stage and of the stages before it), and what it lacks.',
        required: ['stage', 'compliant', 'missing'],
        properties: {
          stage: {
            $ref: '#/components/schemas/LifecycleStage',
          },
          compliant: {
            type: 'boolean',
          },
          missing: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      RiskSignOff: {
        type: 'object',
        required: ['signedBy', 'signedAt', 'rating', 'note', 'stale'],
        properties: {
          signedBy: {
            type: 'string',
            description: 'Entity ref of who signed.',
          },
          signedAt: {
            type: 'string',
          },
          rating: {
            $ref: '#/components/schemas/RiskRating',
          },
          note: {
            type: 'string',
          },
          stale: {
            type: 'boolean',
            description:
              'The rating changed after the sign-off, which no longer covers it.',
          },
        },
      },
      RiskSignOffInput: {
        type: 'object',
        required: ['rating', 'note'],
        properties: {
          rating: {
            $ref: '#/components/schemas/RiskRating',
          },
          note: {
            type: 'string',
            description: 'Why the rating is accepted; 3 to 2000 characters.',
          },
        },
      },
      ServiceRequestInput: {
        type: 'object',
        description:
          "What a business team asks for: platform, name, handle, profileUrl, purpose, audience, regions (1 to 20), businessUnit, requestingTeam and ownerGroup (Group refs), serviceOwner (User ref), targetDate (YYYY-MM-DD, not in the past) and the questionnaire (regulatedContent, brandLevel, expectedAudience, whoPosts, thirdPartyTools). Checked by the catalogue's shared rules, with a message per field.",
        properties: {
          platform: {
            $ref: '#/components/schemas/Platform',
          },
          name: {
            type: 'string',
          },
          handle: {
            type: 'string',
          },
          profileUrl: {
            type: 'string',
          },
          purpose: {
            type: 'string',
          },
          audience: {
            type: 'string',
          },
          regions: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          businessUnit: {
            type: 'string',
          },
          requestingTeam: {
            type: 'string',
          },
          ownerGroup: {
            type: 'string',
          },
          serviceOwner: {
            type: 'string',
          },
          targetDate: {
            type: 'string',
          },
          questionnaire: {
            type: 'object',
            properties: {
              regulatedContent: {
                type: 'boolean',
              },
              brandLevel: {
                type: 'boolean',
              },
              expectedAudience: {
                type: 'integer',
              },
              whoPosts: {
                type: 'string',
              },
              thirdPartyTools: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      RequestPrediction: {
        type: 'object',
        required: ['rating', 'assessment', 'requirements'],
        properties: {
          rating: {
            $ref: '#/components/schemas/RiskRating',
          },
          assessment: {
            type: 'object',
          },
          requirements: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      RequiredApproval: {
        type: 'object',
        required: ['role', 'title', 'groups', 'reason'],
        properties: {
          role: {
            type: 'string',
            enum: ['service-management', 'security'],
          },
          title: {
            type: 'string',
          },
          groups: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          reason: {
            type: 'string',
          },
          approvedBy: {
            type: 'string',
          },
          approvedAt: {
            type: 'string',
          },
        },
      },
      ServiceRequest: {
        allOf: [
          {
            $ref: '#/components/schemas/ServiceRequestInput',
          },
          {
            type: 'object',
            required: [
              'id',
              'status',
              'requester',
              'prediction',
              'approvals',
              'steps',
              'createdAt',
              'updatedAt',
              'version',
            ],
            properties: {
              id: {
                type: 'integer',
              },
              status: {
                type: 'string',
                enum: [
                  'draft',
                  'submitted',
                  'changes-requested',
                  'approved',
                  'rejected',
                  'withdrawn',
                  'provisioned',
                ],
              },
              requester: {
                type: 'string',
              },
              prediction: {
                $ref: '#/components/schemas/RequestPrediction',
              },
              approvals: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/RequiredApproval',
                },
              },
              serviceId: {
                type: 'string',
              },
              steps: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['action', 'actor', 'at', 'to'],
                  properties: {
                    action: {
                      type: 'string',
                    },
                    actor: {
                      type: 'string',
                    },
                    at: {
                      type: 'string',
                    },
                    from: {
                      type: 'string',
                    },
                    to: {
                      type: 'string',
                    },
                    comment: {
                      type: 'string',
                    },
                  },
                },
              },
              createdAt: {
                type: 'string',
              },
              updatedAt: {
                type: 'string',
              },
              version: {
                type: 'integer',
              },
              recordProblems: {
                description:
                  'Stored values the catalogue never writes (a change made in the database outside it: a field of the wrong kind, a status its timeline does not end in, an approval no step of the timeline gave), each with what is shown instead. Absent on a sound record; such a request is not decided, submitted or withdrawn until it is put right.',
                type: 'array',
                items: {
                  $ref: '#/components/schemas/RecordProblem',
                },
              },
            },
          },
        ],
      },
      RequestDecisionInput: {
        type: 'object',
        properties: {
          decision: {
            type: 'string',
            enum: ['approve', 'reject', 'request-changes'],
          },
          comment: {
            type: 'string',
            description: '1 to 2000 characters',
          },
          version: {
            type: 'integer',
          },
        },
      },
      HandoverInput: {
        type: 'object',
        description:
          'A transfer: kind, toOwnerGroup (Group ref), toServiceOwner (User ref), reason, version. A retirement: kind, reason, handle (kept or released), checklist (content-archived, admins-removed, third-party-apps-revoked, credentials-removed, each true), version.',
        properties: {
          kind: {
            type: 'string',
            enum: ['transfer', 'retirement'],
          },
          toOwnerGroup: {
            type: 'string',
          },
          toServiceOwner: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          handle: {
            type: 'string',
            enum: ['kept', 'released'],
          },
          checklist: {
            type: 'object',
            additionalProperties: {
              type: 'boolean',
            },
          },
          version: {
            type: 'integer',
          },
        },
      },
      HandoverDecisionInput: {
        type: 'object',
        description:
          'accept or decline, an optional comment, the version seen and, to accept a transfer, the checklist (admins-reviewed, credentials-rotated, recovery-email-changed, recovery-phone-changed, each true).',
        properties: {
          decision: {
            type: 'string',
            enum: ['accept', 'decline'],
          },
          comment: {
            type: 'string',
          },
          checklist: {
            type: 'object',
            additionalProperties: {
              type: 'boolean',
            },
          },
          version: {
            type: 'integer',
          },
        },
      },
      Handover: {
        type: 'object',
        required: [
          'id',
          'kind',
          'serviceId',
          'serviceName',
          'status',
          'requester',
          'reason',
          'checklist',
          'deciders',
          'steps',
          'createdAt',
          'updatedAt',
          'version',
        ],
        properties: {
          id: {
            type: 'integer',
          },
          kind: {
            type: 'string',
            enum: ['transfer', 'retirement'],
          },
          serviceId: {
            type: 'string',
          },
          serviceName: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['submitted', 'completed', 'declined', 'withdrawn'],
          },
          requester: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          fromOwnerGroup: {
            type: 'string',
          },
          fromServiceOwner: {
            type: 'string',
          },
          toOwnerGroup: {
            type: 'string',
          },
          toServiceOwner: {
            type: 'string',
          },
          handle: {
            type: 'string',
            enum: ['kept', 'released'],
          },
          checklist: {
            type: 'object',
            additionalProperties: {
              type: 'boolean',
            },
          },
          deciders: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          steps: {
            type: 'array',
            items: {
              type: 'object',
              required: ['action', 'actor', 'at', 'to'],
              properties: {
                action: {
                  type: 'string',
                },
                actor: {
                  type: 'string',
                },
                at: {
                  type: 'string',
                },
                from: {
                  type: 'string',
                },
                to: {
                  type: 'string',
                },
                comment: {
                  type: 'string',
                },
                checklist: {
                  type: 'object',
                  additionalProperties: {
                    type: 'boolean',
                  },
                },
              },
            },
          },
          createdAt: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
          },
          version: {
            type: 'integer',
          },
          recordProblems: {
            $ref: '#/components/schemas/RecordProblems',
          },
        },
      },
      HandoverList: {
        type: 'object',
        required: ['items', 'totalCount'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Handover',
            },
          },
          totalCount: {
            type: 'integer',
          },
        },
      },
      RequestStepInput: {
        type: 'object',
        properties: {
          version: {
            type: 'integer',
          },
          comment: {
            type: 'string',
          },
        },
      },
      SocialServiceDetails: {
        allOf: [
          {
            $ref: '#/components/schemas/SocialService',
          },
          {
            type: 'object',
            required: [
              'admins',
              'transitions',
              'nextTransitions',
              'accessReview',
              'leavers',
            ],
            properties: {
              risk: {
                $ref: '#/components/schemas/RiskAssessment',
              },
              signOff: {
                $ref: '#/components/schemas/RiskSignOff',
              },
              accessReview: {
                $ref: '#/components/schemas/AccessReviewStatus',
              },
              leavers: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['role', 'userRef'],
                  properties: {
                    role: {
                      type: 'string',
                      enum: ['admin', 'service-owner'],
                    },
                    userRef: {
                      type: 'string',
                    },
                    account: {
                      type: 'string',
                    },
                  },
                },
              },
              admins: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/ServiceAdmin',
                },
              },
              transitions: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/LifecycleTransition',
                },
              },
              nextTransitions: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/TransitionOption',
                },
              },
            },
          },
        ],
      },
      SocialServiceList: {
        type: 'object',
        required: ['items', 'totalCount', 'limit', 'offset'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SocialService',
            },
          },
          totalCount: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
            description:
              'The offset asked for; 0 for a page read after a cursor.',
          },
          nextAfter: {
            type: 'string',
            description:
              'The cursor of the next page: pass it as `after`, with the same filters, sort and order. Absent on the last page.',
          },
        },
      },
      TransitionInput: {
        type: 'object',
        required: ['to', 'reason', 'version'],
        properties: {
          to: {
            $ref: '#/components/schemas/LifecycleStage',
          },
          reason: {
            type: 'string',
          },
          version: {
            type: 'integer',
            minimum: 1,
          },
        },
      },
      AdminsInput: {
        type: 'object',
        required: ['admins', 'version'],
        properties: {
          admins: {
            type: 'array',
            items: {
              type: 'object',
              required: ['account', 'role'],
              properties: {
                account: {
                  type: 'string',
                },
                userRef: {
                  type: 'string',
                },
                role: {
                  type: 'string',
                  enum: ['owner', 'admin', 'editor', 'analyst'],
                },
              },
            },
          },
          version: {
            type: 'integer',
            minimum: 1,
          },
        },
      },
      AuditEntry: {
        type: 'object',
        required: [
          'seq',
          'entityType',
          'entityId',
          'action',
          'actor',
          'at',
          'prevHash',
          'hash',
        ],
        properties: {
          seq: {
            type: 'integer',
          },
          entityType: {
            type: 'string',
          },
          entityId: {
            type: 'string',
          },
          action: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
          before: {},
          after: {},
          prevHash: {
            type: 'string',
          },
          hash: {
            type: 'string',
          },
        },
      },
      AuditLogPage: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AuditEntry',
            },
          },
          nextBefore: {
            type: 'integer',
            description:
              'The cursor of the next, older page; absent on the last page.',
          },
          names: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
            description:
              "What people call the page's records, by `entityType:entityId`: a service's name (its last recorded name once deleted), a request's proposed name, the service a transfer or retirement is about. Not part of the entries, whose hashes it leaves alone.",
          },
        },
      },
      AuditVerification: {
        type: 'object',
        required: ['intact', 'entries', 'checkpoints'],
        properties: {
          intact: {
            type: 'boolean',
            description:
              'True when the chain holds and no checkpoint contradicts it.',
          },
          entries: {
            type: 'integer',
          },
          firstBroken: {
            type: 'object',
            required: ['seq', 'problem', 'message'],
            properties: {
              seq: {
                type: 'integer',
              },
              problem: {
                type: 'string',
                enum: ['edited', 'missing', 'reordered'],
              },
              message: {
                type: 'string',
              },
            },
          },
          checkpoints: {
            type: 'object',
            description:
              'The keyed checkpoints of the end of the chain (HMAC-SHA256 with the key of socialMedia.audit.checkpoint.key) and whether they still agree with it. Not configured without a key: then only the chain is checked.',
            required: ['configured', 'count'],
            properties: {
              configured: {
                type: 'boolean',
              },
              count: {
                type: 'integer',
                description: 'Checkpoints checked.',
              },
              newest: {
                type: 'object',
                required: ['seq', 'at'],
                properties: {
                  seq: {
                    type: 'integer',
                  },
                  at: {
                    type: 'string',
                    format: 'date-time',
                  },
                },
              },
              firstBroken: {
                type: 'object',
                description:
                  'The first checkpoint that fails: forged (signature does not match), diverged (the entry at its seq is gone or has another hash), truncated (the chain ends before it) or missing (no checkpoint although a key is configured).',
                required: ['problem', 'message'],
                properties: {
                  seq: {
                    type: 'integer',
                  },
                  at: {
                    type: 'string',
                    format: 'date-time',
                  },
                  problem: {
                    type: 'string',
                    enum: ['forged', 'diverged', 'truncated', 'missing'],
                  },
                  message: {
                    type: 'string',
                  },
                },
              },
            },
          },
        },
      },
      OwnershipChange: {
        type: 'object',
        required: ['action', 'at'],
        properties: {
          action: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
          auditSeq: {
            type: 'integer',
          },
          request: {
            type: 'object',
            required: ['id', 'kind', 'approvedBy'],
            properties: {
              id: {
                type: 'integer',
              },
              kind: {
                type: 'string',
              },
              requestedBy: {
                type: 'string',
              },
              approvedBy: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
            },
          },
          recordProblems: {
            $ref: '#/components/schemas/RecordProblems',
          },
        },
      },
      OwnershipEnd: {
        type: 'object',
        required: ['action', 'at'],
        properties: {
          action: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
        },
      },
      OwnershipProblem: {
        type: 'string',
        enum: ['no-owner-group', 'no-service-owner', 'service-owner-left'],
      },
      OwnershipPeriod: {
        type: 'object',
        required: [
          'serviceId',
          'serviceName',
          'serviceOwnerInOrganisation',
          'from',
          'setBy',
          'problems',
        ],
        properties: {
          serviceId: {
            type: 'string',
          },
          serviceName: {
            type: 'string',
          },
          ownerGroup: {
            type: 'string',
          },
          serviceOwner: {
            type: 'string',
          },
          serviceOwnerInOrganisation: {
            type: 'boolean',
          },
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          setBy: {
            $ref: '#/components/schemas/OwnershipChange',
          },
          endedBy: {
            $ref: '#/components/schemas/OwnershipEnd',
          },
          problems: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/OwnershipProblem',
            },
          },
        },
      },
      ServiceOwnership: {
        type: 'object',
        required: ['service', 'at', 'owner', 'timeline'],
        properties: {
          service: {
            type: 'object',
            required: ['id', 'name', 'cataloguedAt'],
            properties: {
              id: {
                type: 'string',
              },
              name: {
                type: 'string',
              },
              cataloguedAt: {
                type: 'string',
              },
              deletedAt: {
                type: 'string',
              },
            },
          },
          at: {
            type: 'string',
          },
          owner: {
            type: ['object', 'null'],
            description:
              'Null when the service was not catalogued at that moment.',
            required: ['since', 'setBy', 'period'],
            properties: {
              ownerGroup: {
                type: 'string',
              },
              serviceOwner: {
                type: 'string',
              },
              since: {
                type: 'string',
              },
              setBy: {
                $ref: '#/components/schemas/OwnershipChange',
              },
              period: {
                $ref: '#/components/schemas/OwnershipPeriod',
              },
            },
          },
          timeline: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/OwnershipPeriod',
            },
          },
        },
      },
      OwnershipReport: {
        type: 'object',
        required: ['from', 'to', 'items'],
        properties: {
          group: {
            type: 'string',
          },
          person: {
            type: 'string',
          },
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['serviceId', 'serviceName', 'periods'],
              properties: {
                serviceId: {
                  type: 'string',
                },
                serviceName: {
                  type: 'string',
                },
                lifecycleStage: {
                  type: 'string',
                },
                deletedAt: {
                  type: 'string',
                },
                ownerGroupNow: {
                  type: 'string',
                },
                serviceOwnerNow: {
                  type: 'string',
                },
                periods: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: [
                      'from',
                      'ownerGroups',
                      'serviceOwners',
                      'setBy',
                      'withoutValidOwner',
                    ],
                    properties: {
                      from: {
                        type: 'string',
                      },
                      to: {
                        type: 'string',
                      },
                      ownerGroups: {
                        type: 'array',
                        items: {
                          type: 'string',
                        },
                      },
                      serviceOwners: {
                        type: 'array',
                        items: {
                          type: 'string',
                        },
                      },
                      setBy: {
                        $ref: '#/components/schemas/OwnershipChange',
                      },
                      endedBy: {
                        $ref: '#/components/schemas/OwnershipEnd',
                      },
                      withoutValidOwner: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['from', 'problems'],
                          properties: {
                            from: {
                              type: 'string',
                            },
                            to: {
                              type: 'string',
                            },
                            problems: {
                              type: 'array',
                              items: {
                                $ref: '#/components/schemas/OwnershipProblem',
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      ImportRequest: {
        type: 'object',
        required: ['format', 'content'],
        properties: {
          format: {
            type: 'string',
            enum: ['csv', 'yaml'],
          },
          content: {
            type: 'string',
            maxLength: 5000000,
          },
          dryRun: {
            type: 'boolean',
          },
        },
      },
      ImportReport: {
        type: 'object',
        required: [
          'dryRun',
          'valid',
          'rows',
          'created',
          'problems',
          'outOfCompliance',
        ],
        properties: {
          dryRun: {
            type: 'boolean',
          },
          valid: {
            type: 'boolean',
          },
          rows: {
            type: 'integer',
          },
          created: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          problems: {
            type: 'array',
            items: {
              type: 'object',
              required: ['row', 'field', 'message'],
              properties: {
                row: {
                  type: 'integer',
                },
                field: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
            },
          },
          outOfCompliance: {
            type: 'array',
            description:
              'Rows catalogued (or, in a dry run, to be catalogued) in a stage whose requirements they do not meet; they are recorded as found and marked out of compliance.',
            items: {
              type: 'object',
              required: ['row', 'id', 'stage', 'missing'],
              properties: {
                row: {
                  type: 'integer',
                },
                id: {
                  type: 'string',
                },
                stage: {
                  $ref: '#/components/schemas/LifecycleStage',
                },
                missing: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
              },
            },
          },
        },
      },
      SocialMediaStatus: {
        type: 'object',
        required: ['status', 'database', 'services', 'connectors'],
        properties: {
          status: {
            type: 'string',
          },
          database: {
            type: 'object',
            properties: {
              client: {
                type: 'string',
              },
              latestMigration: {
                type: 'string',
              },
              inMemory: {
                type: 'boolean',
                description:
                  'The database lives in memory (SQLite :memory:) and is gone after a restart.',
              },
              storage: {
                type: 'object',
                description:
                  "Where the data is kept, as the database itself says: `server` (PostgreSQL), `file` (a SQLite file on the backend's disk, named without its directory), `memory` (SQLite in memory, lost when the backend stops) or `unknown`.",
                required: ['kind'],
                properties: {
                  kind: {
                    type: 'string',
                    enum: ['server', 'file', 'memory', 'unknown'],
                  },
                  file: {
                    type: 'string',
                    description: 'The name of the SQLite file, for `file`.',
                  },
                },
              },
            },
          },
          services: {
            type: 'object',
            properties: {
              total: {
                type: 'integer',
              },
              byStage: {
                type: 'object',
              },
            },
          },
          connectors: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
    },
  },
} as const;
