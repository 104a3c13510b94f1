/// The OpenAPI 3 description of the JSON API, served at `/openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
{
 "components": {
  "parameters": {
   "baseline": {
    "description": "pinned baseline settings as JSON",
    "in": "query",
    "name": "baseline",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "id": {
    "in": "path",
    "name": "id",
    "required": true,
    "schema": {
     "format": "int64",
     "type": "integer"
    }
   },
   "lang": {
    "description": "language of titles, verdict and pictures",
    "in": "query",
    "name": "lang",
    "required": false,
    "schema": {
     "enum": [
      "nl",
      "en"
     ],
     "type": "string"
    }
   },
   "replications": {
    "description": "replications (default: the scenario's)",
    "in": "query",
    "name": "replications",
    "required": false,
    "schema": {
     "example": 4,
     "type": "integer"
    }
   },
   "scenario": {
    "description": "scenario id (from GET /api/scenarios or an upload)",
    "in": "query",
    "name": "scenario",
    "required": true,
    "schema": {
     "example": "katwijk.yaml",
     "type": "string"
    }
   },
   "settings": {
    "description": "panel settings as JSON (default: the scenario's own)",
    "in": "query",
    "name": "settings",
    "required": false,
    "schema": {
     "type": "string"
    }
   },
   "sweepId": {
    "description": "a sweep id returned by POST /api/sweeps",
    "in": "path",
    "name": "id",
    "required": true,
    "schema": {
     "type": "string"
    }
   }
  },
  "responses": {
   "BadRequest": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "bad input (with file:line diagnostics for scenarios and settings)"
   },
   "Forbidden": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "wrong host or a cross-origin request"
   },
   "NotFound": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "no such scenario or option"
   },
   "StoreFull": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "the store is full"
   },
   "SweepConflict": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "another sweep is running (see Retry-After), or this one is not done yet"
   },
   "TooLarge": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "the body is too large"
   },
   "TooManyRuns": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "all simulation slots are busy (see Retry-After)"
   },
   "Unauthorized": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "the server needs its token"
   }
  },
  "schemas": {
   "DecisionTable": {
    "properties": {
     "baselineLabel": {
      "type": "string"
     },
     "language": {
      "enum": [
       "nl",
       "en"
      ],
      "type": "string"
     },
     "optionLabel": {
      "type": "string"
     },
     "replications": {
      "type": "integer"
     },
     "rows": {
      "items": {
       "properties": {
        "baseline": {
         "type": "number"
        },
        "cell": {
         "type": "string"
        },
        "ci95": {
         "$ref": "#/components/schemas/Interval"
        },
        "difference": {
         "type": "number"
        },
        "higherIsBetter": {
         "type": "boolean"
        },
        "metric": {
         "type": "string"
        },
        "option": {
         "type": "number"
        },
        "significant": {
         "type": "boolean"
        },
        "title": {
         "type": "string"
        },
        "unit": {
         "type": "string"
        }
       },
       "required": [
        "metric",
        "cell",
        "title",
        "unit",
        "significant"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "verdict": {
      "description": "one plain-language sentence on residents helped and connector hours",
      "type": "string"
     }
    },
    "required": [
     "baselineLabel",
     "optionLabel",
     "replications",
     "language",
     "rows",
     "verdict"
    ],
    "type": "object"
   },
   "Error": {
    "properties": {
     "diagnostics": {
      "items": {
       "properties": {
        "column": {
         "type": "integer"
        },
        "file": {
         "type": "string"
        },
        "keyPath": {
         "type": "string"
        },
        "line": {
         "type": "integer"
        },
        "message": {
         "type": "string"
        },
        "text": {
         "description": "as the command line prints it: file:line:column: error: …",
         "type": "string"
        }
       },
       "required": [
        "file",
        "line",
        "column",
        "keyPath",
        "message",
        "text"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "error": {
      "type": "string"
     }
    },
    "required": [
     "error",
     "diagnostics"
    ],
    "type": "object"
   },
   "Estimate": {
    "properties": {
     "done": {
      "type": "integer"
     },
     "metrics": {
      "items": {
       "properties": {
        "cell": {
         "type": "string"
        },
        "ci95": {
         "$ref": "#/components/schemas/Interval"
        },
        "mean": {
         "type": "number"
        },
        "metric": {
         "type": "string"
        },
        "title": {
         "type": "string"
        },
        "unit": {
         "type": "string"
        }
       },
       "required": [
        "metric",
        "cell",
        "title",
        "unit",
        "mean"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "praatplaat": {
      "items": {
       "properties": {
        "attempts": {
         "type": "integer"
        },
        "ci95": {
         "$ref": "#/components/schemas/Interval"
        },
        "direction": {
         "type": "string"
        },
        "mean": {
         "type": "number"
        },
        "role": {
         "type": "string"
        },
        "successes": {
         "type": "integer"
        }
       },
       "required": [
        "role",
        "direction",
        "attempts",
        "successes"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "table": {
      "$ref": "#/components/schemas/DecisionTable"
     },
     "total": {
      "type": "integer"
     }
    },
    "required": [
     "done",
     "total",
     "praatplaat",
     "metrics"
    ],
    "type": "object"
   },
   "EvaluationRequest": {
    "example": {
     "language": "en",
     "replications": 4,
     "scenario": "katwijk.yaml"
    },
    "properties": {
     "baseline": {
      "$ref": "#/components/schemas/PanelSettings"
     },
     "language": {
      "enum": [
       "nl",
       "en"
      ],
      "type": "string"
     },
     "replications": {
      "type": "integer"
     },
     "scenario": {
      "example": "katwijk.yaml",
      "type": "string"
     },
     "settings": {
      "$ref": "#/components/schemas/PanelSettings"
     }
    },
    "required": [
     "scenario"
    ],
    "type": "object"
   },
   "Interval": {
    "items": {
     "type": "number"
    },
    "maxItems": 2,
    "minItems": 2,
    "type": "array"
   },
   "PanelSettings": {
    "properties": {
     "connectors": {
      "items": {
       "properties": {
        "homeDepartment": {
         "type": "string"
        },
        "hoursPerWeek": {
         "type": "number"
        },
        "name": {
         "type": "string"
        },
        "neighbourhoods": {
         "items": {
          "type": "string"
         },
         "type": "array"
        }
       },
       "required": [
        "name",
        "neighbourhoods",
        "hoursPerWeek"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "escalation": {
      "properties": {
       "reluctance": {
        "type": "number"
       },
       "route": {
        "type": "string"
       },
       "trigger": {
        "type": "string"
       }
      },
      "required": [
       "route",
       "trigger",
       "reluctance"
      ],
      "type": "object"
     },
     "interventions": {
      "items": {
       "properties": {
        "kind": {
         "type": "string"
        },
        "startWeek": {
         "type": "integer"
        }
       },
       "required": [
        "kind",
        "startWeek"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "sliders": {
      "$ref": "#/components/schemas/Sliders"
     },
     "triage": {
      "type": "string"
     }
    },
    "required": [
     "sliders",
     "interventions",
     "connectors",
     "escalation",
     "triage"
    ],
    "type": "object"
   },
   "SaveRequest": {
    "properties": {
     "name": {
      "example": "more hours",
      "type": "string"
     },
     "scenario": {
      "example": "katwijk.yaml",
      "type": "string"
     },
     "settings": {
      "$ref": "#/components/schemas/PanelSettings"
     }
    },
    "required": [
     "name",
     "scenario",
     "settings"
    ],
    "type": "object"
   },
   "SavedOption": {
    "properties": {
     "created": {
      "type": "string"
     },
     "id": {
      "format": "int64",
      "type": "integer"
     },
     "name": {
      "type": "string"
     },
     "scenario": {
      "type": "string"
     },
     "settings": {
      "$ref": "#/components/schemas/PanelSettings"
     }
    },
    "required": [
     "id",
     "name",
     "scenario",
     "settings",
     "created"
    ],
    "type": "object"
   },
   "ScenarioDetail": {
    "properties": {
     "connectorTitle": {
      "type": "string"
     },
     "departments": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "description": {
      "type": "string"
     },
     "id": {
      "type": "string"
     },
     "interventions": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "name": {
      "type": "string"
     },
     "neighbourhoods": {
      "items": {
       "properties": {
        "name": {
         "type": "string"
        },
        "residents": {
         "type": "integer"
        }
       },
       "required": [
        "name",
        "residents"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "profiles": {
      "additionalProperties": {
       "$ref": "#/components/schemas/Sliders"
      },
      "type": "object"
     },
     "replications": {
      "type": "integer"
     },
     "routes": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "settings": {
      "$ref": "#/components/schemas/PanelSettings"
     },
     "triage": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "triggers": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "weeks": {
      "type": "integer"
     }
    },
    "required": [
     "id",
     "name",
     "connectorTitle",
     "weeks",
     "replications",
     "neighbourhoods",
     "departments",
     "settings",
     "profiles",
     "interventions",
     "routes",
     "triggers",
     "triage"
    ],
    "type": "object"
   },
   "ScenarioListing": {
    "properties": {
     "available": {
      "type": "boolean"
     },
     "connectors": {
      "type": "integer"
     },
     "id": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "problem": {
      "type": "string"
     },
     "residents": {
      "type": "integer"
     }
    },
    "required": [
     "id",
     "name",
     "residents",
     "connectors",
     "available"
    ],
    "type": "object"
   },
   "Sliders": {
    "properties": {
     "communication": {
      "enum": [
       "low",
       "mid",
       "high"
      ],
      "type": "string"
     },
     "internalPositioning": {
      "enum": [
       "low",
       "mid",
       "high"
      ],
      "type": "string"
     },
     "internalProcess": {
      "enum": [
       "low",
       "mid",
       "high"
      ],
      "type": "string"
     },
     "politics": {
      "enum": [
       "low",
       "mid",
       "high"
      ],
      "type": "string"
     },
     "residents": {
      "enum": [
       "low",
       "mid",
       "high"
      ],
      "type": "string"
     }
    },
    "required": [
     "internalPositioning",
     "internalProcess",
     "residents",
     "politics",
     "communication"
    ],
    "type": "object"
   },
   "SweepRequest": {
    "additionalProperties": true,
    "properties": {
     "kind": {
      "description": "sliders: all five over low/mid/high (243 arms); profiles: the five Platform31 profiles; interventions: none and each intervention alone",
      "enum": [
       "sliders",
       "profiles",
       "interventions"
      ],
      "example": "profiles",
      "type": "string"
     },
     "replications": {
      "description": "per arm, 2 to the server's limit (default: the scenario's)",
      "example": 2,
      "type": "integer"
     },
     "scenario": {
      "example": "katwijk.yaml",
      "type": "string"
     },
     "settings": {
      "$ref": "#/components/schemas/PanelSettings"
     },
     "weeks": {
      "description": "1 to the server's limit (default: the scenario's)",
      "example": 4,
      "type": "integer"
     }
    },
    "required": [
     "kind",
     "scenario"
    ],
    "type": "object"
   },
   "SweepStatus": {
    "properties": {
     "arms": {
      "minimum": 1,
      "type": "integer"
     },
     "finished": {
      "description": "runs (arm × replication) finished",
      "minimum": 0,
      "type": "integer"
     },
     "id": {
      "type": "string"
     },
     "kind": {
      "enum": [
       "sliders",
       "profiles",
       "interventions"
      ],
      "type": "string"
     },
     "message": {
      "description": "why it failed, or that it was interrupted",
      "type": "string"
     },
     "replications": {
      "minimum": 1,
      "type": "integer"
     },
     "report": {
      "description": "the report's address, once done",
      "type": "string"
     },
     "scenario": {
      "type": "string"
     },
     "started": {
      "description": "when it started (ISO 8601, UTC)",
      "type": "string"
     },
     "ended": {
      "description": "when it ended (ISO 8601, UTC); absent while it runs and for an interrupted sweep",
      "type": "string"
     },
     "state": {
      "description": "interrupted: the server stopped while it ran (its finished runs stay in its result store)",
      "enum": [
       "running",
       "done",
       "cancelled",
       "failed",
       "interrupted"
      ],
      "type": "string"
     },
     "total": {
      "minimum": 1,
      "type": "integer"
     },
     "weeks": {
      "minimum": 1,
      "type": "integer"
     }
    },
    "required": [
     "id",
     "kind",
     "scenario",
     "state",
     "arms",
     "replications",
     "weeks",
     "finished",
     "total",
     "started"
    ],
    "type": "object"
   }
  }
 },
 "info": {
  "description": "The JSON API of `verbinder serve`. Binds 127.0.0.1 by default; on any other host every request needs the token (Authorization: Bearer, ?token=, or the cookie the first tokened request sets). State-changing requests from a browser must come from the same origin.",
  "title": "Verbinder mengpaneel",
  "version": "1.0.0"
 },
 "openapi": "3.0.3",
 "paths": {
  "/api/compare": {
   "get": {
    "operationId": "compareOptions",
    "parameters": [
     {
      "description": "saved option id (baseline)",
      "in": "query",
      "name": "a",
      "required": true,
      "schema": {
       "format": "int64",
       "type": "integer"
      }
     },
     {
      "description": "saved option id",
      "in": "query",
      "name": "b",
      "required": true,
      "schema": {
       "format": "int64",
       "type": "integer"
      }
     },
     {
      "description": "language",
      "in": "query",
      "name": "lang",
      "required": false,
      "schema": {
       "enum": [
        "nl",
        "en"
       ],
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Estimate"
        }
       }
      },
      "description": "the estimate of b with the table against a"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRuns"
     }
    },
    "summary": "Two saved options of one scenario: the decision table of b against a"
   }
  },
  "/api/evaluate": {
   "post": {
    "operationId": "evaluate",
    "requestBody": {
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/EvaluationRequest"
       }
      }
     },
     "required": true
    },
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Estimate"
        }
       }
      },
      "description": "the estimate"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRuns"
     }
    },
    "summary": "Simulate settings (and a baseline) with all replications"
   }
  },
  "/api/export": {
   "get": {
    "operationId": "exportScenario",
    "parameters": [
     {
      "$ref": "#/components/parameters/scenario"
     },
     {
      "$ref": "#/components/parameters/settings"
     },
     {
      "$ref": "#/components/parameters/baseline"
     },
     {
      "$ref": "#/components/parameters/replications"
     },
     {
      "$ref": "#/components/parameters/lang"
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/yaml": {
        "schema": {
         "type": "object"
        }
       }
      },
      "description": "scenario YAML (a mapping)"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    },
    "summary": "The scenario YAML of the settings (validates; same numbers with `verbinder simulate`)"
   }
  },
  "/api/network.svg": {
   "get": {
    "operationId": "outcomeNetwork",
    "parameters": [
     {
      "$ref": "#/components/parameters/scenario"
     },
     {
      "$ref": "#/components/parameters/settings"
     },
     {
      "$ref": "#/components/parameters/lang"
     }
    ],
    "responses": {
     "200": {
      "content": {
       "image/svg+xml": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "the picture (Graphviz SVG)"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRuns"
     }
    },
    "summary": "The outcome network of the settings as SVG: replication 0 as a flow picture (requests per year between neighbourhoods, partners, connectors and departments; the three arenas as clusters), in the language asked for (cached per scenario, settings and language)"
   }
  },
  "/api/options": {
   "get": {
    "operationId": "listOptions",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "items": {
          "$ref": "#/components/schemas/SavedOption"
         },
         "type": "array"
        }
       }
      },
      "description": "the list"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "summary": "Saved options"
   },
   "post": {
    "operationId": "saveOption",
    "requestBody": {
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SaveRequest"
       }
      }
     },
     "required": true
    },
    "responses": {
     "201": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SavedOption"
        }
       }
      },
      "description": "the saved option"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/StoreFull"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     }
    },
    "summary": "Save the settings under a name"
   }
  },
  "/api/options/{id}": {
   "delete": {
    "operationId": "deleteOption",
    "parameters": [
     {
      "$ref": "#/components/parameters/id"
     }
    ],
    "responses": {
     "204": {
      "description": "deleted"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   },
   "get": {
    "operationId": "getOption",
    "parameters": [
     {
      "$ref": "#/components/parameters/id"
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SavedOption"
        }
       }
      },
      "description": "the option"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/scenario": {
   "get": {
    "operationId": "getScenario",
    "parameters": [
     {
      "description": "scenario id",
      "in": "query",
      "name": "id",
      "required": true,
      "schema": {
       "example": "katwijk.yaml",
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ScenarioDetail"
        }
       }
      },
      "description": "the scenario"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    },
    "summary": "One scenario with its panel settings"
   }
  },
  "/api/scenarios": {
   "get": {
    "operationId": "listScenarios",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "items": {
          "$ref": "#/components/schemas/ScenarioListing"
         },
         "type": "array"
        }
       }
      },
      "description": "the list"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "summary": "The scenarios offered (files under --scenarios)"
   },
   "post": {
    "operationId": "uploadScenario",
    "parameters": [
     {
      "description": "file name used in messages (default upload.yaml)",
      "in": "query",
      "name": "name",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "content": {
      "application/yaml": {
       "schema": {
        "type": "string"
       }
      }
     },
     "required": true
    },
    "responses": {
     "201": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ScenarioDetail"
        }
       }
      },
      "description": "the uploaded scenario"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "409": {
      "$ref": "#/components/responses/StoreFull"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     }
    },
    "summary": "Upload a scenario (YAML text); validated like `verbinder validate`"
   }
  },
  "/api/stream": {
   "get": {
    "operationId": "stream",
    "parameters": [
     {
      "$ref": "#/components/parameters/scenario"
     },
     {
      "$ref": "#/components/parameters/settings"
     },
     {
      "$ref": "#/components/parameters/baseline"
     },
     {
      "$ref": "#/components/parameters/replications"
     },
     {
      "$ref": "#/components/parameters/lang"
     },
     {
      "description": "a newer stream of the same session stops this one",
      "in": "query",
      "name": "session",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "text/event-stream": {
        "schema": {
         "description": "one server-sent event; the data of `estimate` is an Estimate as JSON",
         "properties": {
          "data": {
           "type": "string"
          },
          "event": {
           "enum": [
            "estimate",
            "done",
            "superseded"
           ],
           "type": "string"
          }
         },
         "required": [
          "event",
          "data"
         ],
         "type": "object"
        }
       }
      },
      "description": "the event stream"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRuns"
     }
    },
    "summary": "Server-sent events: `estimate` events (Estimate as JSON) as replications finish, then `done`"
   }
  },
  "/api/sweeps": {
   "get": {
    "operationId": "listSweeps",
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "items": {
          "$ref": "#/components/schemas/SweepStatus"
         },
         "type": "array"
        }
       }
      },
      "description": "their statuses"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     }
    },
    "summary": "The latest 50 sweeps started from the page, kept in the store (so also those from before a restart), oldest first"
   },
   "post": {
    "operationId": "startSweep",
    "requestBody": {
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SweepRequest"
       }
      }
     },
     "required": true
    },
    "responses": {
     "202": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SweepStatus"
        }
       }
      },
      "description": "started"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/SweepConflict"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     }
    },
    "summary": "Start a sweep in the background (one at a time); poll its status for progress"
   }
  },
  "/api/sweeps/{id}": {
   "delete": {
    "operationId": "cancelSweep",
    "parameters": [
     {
      "$ref": "#/components/parameters/sweepId"
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SweepStatus"
        }
       }
      },
      "description": "its status (state becomes cancelled once runs in progress finish)"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    },
    "summary": "Stop a sweep: no further run starts (finished runs stay stored)"
   },
   "get": {
    "operationId": "sweepStatus",
    "parameters": [
     {
      "$ref": "#/components/parameters/sweepId"
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SweepStatus"
        }
       }
      },
      "description": "its status"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    },
    "summary": "A sweep's progress"
   }
  },
  "/api/sweeps/{id}/report": {
   "get": {
    "operationId": "sweepReport",
    "parameters": [
     {
      "$ref": "#/components/parameters/sweepId"
     }
    ],
    "responses": {
     "200": {
      "content": {
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "one self-contained HTML page"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/SweepConflict"
     }
    },
    "summary": "The HTML report of a finished sweep (as `verbinder report` writes it)"
   }
  },
  "/api/table": {
   "get": {
    "operationId": "tableCSV",
    "parameters": [
     {
      "$ref": "#/components/parameters/scenario"
     },
     {
      "$ref": "#/components/parameters/settings"
     },
     {
      "$ref": "#/components/parameters/baseline"
     },
     {
      "$ref": "#/components/parameters/replications"
     },
     {
      "$ref": "#/components/parameters/lang"
     }
    ],
    "responses": {
     "200": {
      "content": {
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "CSV"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "$ref": "#/components/responses/Forbidden"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/TooManyRuns"
     }
    },
    "summary": "The decision table of the settings against the baseline, as CSV"
   }
  }
 }
}
"""#
}
