import { createRequire as __iamlintCreateRequire } from 'node:module';
const require = __iamlintCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode2(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar2(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap2;
    exports.isNode = isNode2;
    exports.isPair = isPair;
    exports.isScalar = isScalar2;
    exports.isSeq = isSeq2;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP2 = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP2;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path) {
      const ctrl = callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = visit_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP2;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path) {
      const ctrl = await callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path) {
      if (typeof visitor === "function")
        return visitor(key, node, path);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
      return void 0;
    }
    function replaceNode(key, path, node) {
      const parent = path[path.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml2, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml2);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy2 = new _Directives(this.yaml, this.tags);
        copy2.docStart = this.docStart;
        return copy2;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type2) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type2 });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy2 = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy2.range = this.range.slice();
        return copy2;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count)
            count = c;
        }
        return count;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map2 = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map2.items.push(value);
        return map2;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema: schema2, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema2.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema2[identity.MAP] : Symbol.iterator in Object(value) ? schema2[identity.SEQ] : schema2[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema2, path, value) {
      let v = value;
      for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema: schema2,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path) => path == null || typeof path === "object" && !!path[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type2, schema2) {
        super(type2);
        Object.defineProperty(this, "schema", {
          value: schema2,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema2) {
        const copy2 = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema2)
          copy2.schema = schema2;
        copy2.items = copy2.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema2) : it);
        if (this.range)
          copy2.range = this.range.slice();
        return copy2;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path, value) {
        if (isEmptyPath(path))
          this.add(value);
        else {
          const [key, ...rest] = path;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str2) => str2.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str2, indent, comment) => str2.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str2.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text.length <= endStep)
        return text;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text;
      if (onFold)
        onFold();
      let res = text.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text.length;
        if (fold === 0)
          res = `
${indent}${text.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text[fold]}\\`;
          res += `
${indent}${text.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text[++i];
        } else {
          do {
            ch = text[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str2) => /^(%|---|\.\.\.)/m.test(str2);
    function lineLengthOverLimit(str2, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str2.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str2[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json2 = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json2;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str2 = "";
      let start = 0;
      for (let i = 0, ch = json2[i]; ch; ch = json2[++i]) {
        if (ch === " " && json2[i + 1] === "\\" && json2[i + 2] === "n") {
          str2 += json2.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json2[i + 1]) {
            case "u":
              {
                str2 += json2.slice(start, i);
                const code = json2.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str2 += "\\0";
                    break;
                  case "0007":
                    str2 += "\\a";
                    break;
                  case "000b":
                    str2 += "\\v";
                    break;
                  case "001b":
                    str2 += "\\e";
                    break;
                  case "0085":
                    str2 += "\\N";
                    break;
                  case "00a0":
                    str2 += "\\_";
                    break;
                  case "2028":
                    str2 += "\\L";
                    break;
                  case "2029":
                    str2 += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str2 += "\\x" + code.substr(2);
                    else
                      str2 += json2.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json2[i + 2] === '"' || json2.length < minMultiLineLength) {
                i += 1;
              } else {
                str2 += json2.slice(start, i) + "\n\n";
                while (json2[i + 2] === "\\" && json2[i + 3] === "n" && json2[i + 4] !== '"') {
                  str2 += "\n";
                  i += 2;
                }
                str2 += indent;
                if (json2[i + 2] === " ")
                  str2 += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str2 = start ? str2 + json2.slice(start) : json2;
      return implicitKey ? str2 : foldFlowLines.foldFlowLines(str2, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type: type2, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal2 = blockQuote === "literal" ? true : blockQuote === "folded" || type2 === Scalar.Scalar.BLOCK_FOLDED ? false : type2 === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal2 ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal2) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type2 !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type: type2, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type2 !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str2 = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str2);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str2 : foldFlowLines.foldFlowLines(str2, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type: type2 } = item;
      if (type2 !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type2 = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type2);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str2 = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str2;
      return identity.isScalar(node) || str2[0] === "{" || str2[0] === "[" ? `${props} ${str2}` : `${props}
${ctx.indent}${str2}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str2 = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str2.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str2 === "" ? "?" : explicitKey ? `? ${str2}` : str2;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str2 = `? ${str2}`;
        if (keyComment && !keyCommentDone) {
          str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str2;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(keyComment));
        str2 = `? ${str2}
${indent}:`;
      } else {
        str2 = `${str2}:`;
        if (keyComment)
          str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str2.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str2 += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str2 += stringifyComment.lineComment(str2, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str2;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge3 = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge3.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge3.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge3.tag && tag.default);
    function addMergeToJSMap(ctx, map2, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map2, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map2, it);
      else
        mergeValue(ctx, map2, source);
    }
    function mergeValue(ctx, map2, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map2 instanceof Map) {
          if (!map2.has(key))
            map2.set(key, value2);
        } else if (map2 instanceof Set) {
          map2.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map2, key)) {
          Object.defineProperty(map2, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map2;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge3;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge3 = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map2, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map2, value);
      else if (merge3.isMergeKey(ctx, key))
        merge3.addMergeToJSMap(ctx, map2, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map2 instanceof Map) {
          map2.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map2 instanceof Set) {
          map2.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map2)
            Object.defineProperty(map2, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map2[stringKey] = jsValue;
        }
      }
      return map2;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema2) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema2);
        if (identity.isNode(value))
          value = value.clone(schema2);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str3 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str3 += stringifyComment.lineComment(str3, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str3);
      }
      let str2;
      if (lines.length === 0) {
        str2 = flowChars.start + flowChars.end;
      } else {
        str2 = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str2 += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str2 += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str2;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str2 = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str2.includes("\n"));
        if (i < items.length - 1) {
          str2 += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str2.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str2 += ",";
          }
        }
        if (comment)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment));
        lines.push(str2);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str2 = start;
          for (const line of lines)
            str2 += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str2}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema2) {
        super(identity.MAP, schema2);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema2, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map2 = new this(schema2);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map2.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema2.sortMapEntries === "function") {
          map2.items.sort(schema2.sortMapEntries);
        }
        return map2;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type2) {
        const map2 = Type2 ? new Type2() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map2);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map2, item);
        return map2;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map2 = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map3, onError) {
        if (!identity.isMap(map3))
          onError("Expected a mapping for this tag");
        return map3;
      },
      createNode: (schema2, obj, ctx) => YAMLMap.YAMLMap.from(schema2, obj, ctx)
    };
    exports.map = map2;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema2) {
        super(identity.SEQ, schema2);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq2 = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq2);
        let i = 0;
        for (const item of this.items)
          seq2.push(toJS.toJS(item, String(i++), ctx));
        return seq2;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema2, obj, ctx) {
        const { replacer } = ctx;
        const seq2 = new this(schema2);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq2.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq2;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq2 = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq3, onError) {
        if (!identity.isSeq(seq3))
          onError("Expected a sequence for this tag");
        return seq3;
      },
      createNode: (schema2, obj, ctx) => YAMLSeq.YAMLSeq.from(schema2, obj, ctx)
    };
    exports.seq = seq2;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str2) => str2,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str2) => new Scalar.Scalar(str2[0] === "t" || str2[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str2) => str2.slice(-3).toLowerCase() === "nan" ? NaN : str2[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str2) => parseFloat(str2),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float2 = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str2) {
        const node = new Scalar.Scalar(parseFloat(str2));
        const dot = str2.indexOf(".");
        if (dot !== -1 && str2[str2.length - 1] === "0")
          node.minFractionDigits = str2.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float2;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str2, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str2) : parseInt(str2.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int2 = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int2;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map2 = require_map();
    var _null2 = require_null();
    var seq2 = require_seq();
    var string = require_string();
    var bool2 = require_bool();
    var float2 = require_float();
    var int2 = require_int();
    var schema2 = [
      map2.map,
      seq2.seq,
      string.string,
      _null2.nullTag,
      bool2.boolTag,
      int2.intOct,
      int2.int,
      int2.intHex,
      float2.floatNaN,
      float2.floatExp,
      float2.float
    ];
    exports.schema = schema2;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map2 = require_map();
    var seq2 = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str2) => str2,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str2) => str2 === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str2, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str2) : parseInt(str2, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str2) => parseFloat(str2),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str2, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str2)}`);
        return str2;
      }
    };
    var schema2 = [map2.map, seq2.seq].concat(jsonScalars, jsonError);
    exports.schema = schema2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary2 = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str2 = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str2.length);
          for (let i = 0; i < str2.length; ++i)
            buffer[i] = str2.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type: type2, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str2;
        if (typeof node_buffer.Buffer === "function") {
          str2 = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str2 = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type2 ?? (type2 = Scalar.Scalar.BLOCK_LITERAL);
        if (type2 !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str2.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str2.substr(o, lineWidth);
          }
          str2 = lines.join(type2 === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type: type2, value: str2 }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq2, onError) {
      if (identity.isSeq(seq2)) {
        for (let i = 0; i < seq2.items.length; ++i) {
          let item = seq2.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq2.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq2;
    }
    function createPairs(schema2, iterable, ctx) {
      const { replacer } = ctx;
      const pairs3 = new YAMLSeq.YAMLSeq(schema2);
      pairs3.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs3.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs3;
    }
    var pairs2 = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs2;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs2 = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map2 = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map2);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map2.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map2.set(key, value);
        }
        return map2;
      }
      static from(schema2, iterable, ctx) {
        const pairs$1 = pairs2.createPairs(schema2, iterable, ctx);
        const omap3 = new this();
        omap3.items = pairs$1.items;
        return omap3;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap2 = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq2, onError) {
        const pairs$1 = pairs2.resolvePairs(seq2, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema2, iterable, ctx) => YAMLOMap.from(schema2, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str2) => str2.slice(-3).toLowerCase() === "nan" ? NaN : str2[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str2) => parseFloat(str2.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float2 = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str2) {
        const node = new Scalar.Scalar(parseFloat(str2.replace(/_/g, "")));
        const dot = str2.indexOf(".");
        if (dot !== -1) {
          const f = str2.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float2;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str2, offset, radix, { intAsBigInt }) {
      const sign = str2[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str2 = str2.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str2 = `0b${str2}`;
            break;
          case 8:
            str2 = `0o${str2}`;
            break;
          case 16:
            str2 = `0x${str2}`;
            break;
        }
        const n2 = BigInt(str2);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str2, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str2 = value.toString(radix);
        return value < 0 ? "-" + prefix + str2.substr(1) : prefix + str2;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int2 = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str2, _onError, opt) => intResolve(str2, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int2;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema2) {
        super(schema2);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair.Pair(key.key, null);
        else
          pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema2, iterable, ctx) {
        const { replacer } = ctx;
        const set3 = new this(schema2);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set3.items.push(Pair.createPair(value, null, ctx));
          }
        return set3;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set2 = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema2, iterable, ctx) => YAMLSet.from(schema2, iterable, ctx),
      resolve(map2, onError) {
        if (identity.isMap(map2)) {
          if (map2.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map2);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map2;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str2, asBigInt) {
      const sign = str2[0];
      const parts = sign === "-" || sign === "+" ? str2.substring(1) : str2;
      const num = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str2, _onError, { intAsBigInt }) => parseSexagesimal(str2, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str2) => parseSexagesimal(str2, false),
      stringify: stringifySexagesimal
    };
    var timestamp2 = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str2) {
        const match = str2.match(timestamp2.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map2 = require_map();
    var _null2 = require_null();
    var seq2 = require_seq();
    var string = require_string();
    var binary2 = require_binary();
    var bool2 = require_bool2();
    var float2 = require_float2();
    var int2 = require_int2();
    var merge3 = require_merge();
    var omap2 = require_omap();
    var pairs2 = require_pairs();
    var set2 = require_set();
    var timestamp2 = require_timestamp();
    var schema2 = [
      map2.map,
      seq2.seq,
      string.string,
      _null2.nullTag,
      bool2.trueTag,
      bool2.falseTag,
      int2.intBin,
      int2.intOct,
      int2.int,
      int2.intHex,
      float2.floatNaN,
      float2.floatExp,
      float2.float,
      binary2.binary,
      merge3.merge,
      omap2.omap,
      pairs2.pairs,
      set2.set,
      timestamp2.intTime,
      timestamp2.floatTime,
      timestamp2.timestamp
    ];
    exports.schema = schema2;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map2 = require_map();
    var _null2 = require_null();
    var seq2 = require_seq();
    var string = require_string();
    var bool2 = require_bool();
    var float2 = require_float();
    var int2 = require_int();
    var schema2 = require_schema();
    var schema$1 = require_schema2();
    var binary2 = require_binary();
    var merge3 = require_merge();
    var omap2 = require_omap();
    var pairs2 = require_pairs();
    var schema$2 = require_schema3();
    var set2 = require_set();
    var timestamp2 = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema2.schema],
      ["failsafe", [map2.map, seq2.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary2.binary,
      bool: bool2.boolTag,
      float: float2.float,
      floatExp: float2.floatExp,
      floatNaN: float2.floatNaN,
      floatTime: timestamp2.floatTime,
      int: int2.int,
      intHex: int2.intHex,
      intOct: int2.intOct,
      intTime: timestamp2.intTime,
      map: map2.map,
      merge: merge3.merge,
      null: _null2.nullTag,
      omap: omap2.omap,
      pairs: pairs2.pairs,
      seq: seq2.seq,
      set: set2.set,
      timestamp: timestamp2.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary2.binary,
      "tag:yaml.org,2002:merge": merge3.merge,
      "tag:yaml.org,2002:omap": omap2.omap,
      "tag:yaml.org,2002:pairs": pairs2.pairs,
      "tag:yaml.org,2002:set": set2.set,
      "tag:yaml.org,2002:timestamp": timestamp2.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge3.merge) ? schemaTags.concat(merge3.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge3.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map2 = require_map();
    var seq2 = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema2 = class _Schema {
      constructor({ compat, customTags, merge: merge3, resolveKnownTags, schema: schema2, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema2 === "string" && schema2 || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge3);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map2.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq2.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy2 = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy2.tags = this.tags.slice();
        return copy2;
      }
    };
    exports.Schema = Schema2;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema2 = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy2 = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy2.commentBefore = this.commentBefore;
        copy2.comment = this.comment;
        copy2.errors = this.errors.slice();
        copy2.warnings = this.warnings.slice();
        copy2.options = Object.assign({}, this.options);
        if (this.directives)
          copy2.directives = this.directives.clone();
        copy2.schema = this.schema.clone();
        copy2.contents = identity.isNode(this.contents) ? this.contents.clone(copy2.schema) : this.contents;
        if (this.range)
          copy2.range = this.range.slice();
        return copy2;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path) {
        if (Collection.isEmptyPath(path))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema2.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json: json2, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json2,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "…" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "…";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "…\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map2 = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map2.comment)
                map2.comment += "\n" + keyProps.comment;
              else
                map2.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map2.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map2.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map2.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map2.range = [bm.offset, offset, commentEnd ?? offset];
      return map2;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq2 = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq2.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq2.items.push(node);
      }
      seq2.range = [bs.offset, offset, commentEnd ?? offset];
      return seq2;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep = "";
        for (const token of end) {
          const { source, type: type2 } = token;
          switch (type2) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep + cb;
              sep = "";
              break;
            }
            case "newline":
              if (comment)
                sep += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type2} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap2 = fc.start.source === "{";
      const fcName = isMap2 ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap2 ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap2 && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap2 && !sep && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap2 && !props.found && ctx.options.strict) {
              if (sep)
                for (const st of sep) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap2) {
            const map2 = coll;
            if (utilMapIncludes.mapIncludes(ctx, map2.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map2.items.push(pair);
          } else {
            const map2 = new YAMLMap.YAMLMap(ctx.schema);
            map2.flow = true;
            map2.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map2.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map2);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap2 ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type2 = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type: type2, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type2 === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep === " ")
            sep = "\n";
          else if (!prevMoreIndented && sep === "\n")
            sep = "\n\n";
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep === "\n")
            value += "\n";
          else
            sep = "\n";
        } else {
          value += sep + content;
          sep = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type: type2, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type: type2, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type2) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type2}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep === "\n")
            res += sep;
          else
            sep = "\n";
        } else {
          res += sep + lm;
          sep = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "",
      // Unicode next line
      _: " ",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type: type2, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type2)
        scalar.type = type2;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema2, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema2[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema2.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema2.knownTags[tagName];
      if (kt && !kt.collection) {
        schema2.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema2[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema: schema2 }, value, token, onError) {
      const tag = schema2.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema2[identity.SCALAR];
      if (schema2.compat) {
        const compat = schema2.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema2[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts2 = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts2);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts2 = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts2);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type: type2 = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type: type2, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type: type2 } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type2)
        switch (token.type) {
          case "single-quoted-scalar":
            type2 = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type2 = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type2 = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type2 = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type: type2, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type2) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type2;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type: type2, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type: type2, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type: type2, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep)
        for (const st of sep)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP2 = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP2;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path) => {
      let item = cst;
      for (const [field2, index] of path) {
        const tok = item?.[field2];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path) => {
      const parent = visit.itemAtPath(cst, path.slice(0, -1));
      const field2 = path[path.length - 1][0];
      const coll = parent?.[field2];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path, item, visitor) {
      let ctrl = visitor(item, path);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field2 of ["key", "value"]) {
        const token = item[field2];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path.concat([[field2, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field2 === "key")
            ctrl = ctrl(item, path);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar2 = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar2;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type2) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type2)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type2 = cst.tokenType(source);
        if (!type2) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type2 === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type2;
          yield* this.step();
          switch (type2) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep;
          if (scalar.end) {
            sep = scalar.end;
            sep.push(this.sourceToken);
            delete scalar.end;
          } else
            sep = [this.sourceToken];
          const map2 = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map2;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map2) {
        const it = map2.items[map2.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map2.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map2.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map2.indent)) {
                const prev = map2.items[map2.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map2.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map2.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map2.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map2.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map2.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map2.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map2.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map2.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map2.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map2);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map2.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq2) {
        const it = seq2.items[seq2.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq2.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq2.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq2.indent)) {
                const prev = seq2.items[seq2.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq2.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq2.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq2.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq2.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq2.indent) {
          const bv = this.startBlockValue(seq2);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map2 = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map2;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type2) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type: type2,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument2(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument2(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument2;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema2 = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema2.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// src/node/worker.ts
import { parentPort, workerData } from "node:worker_threads";

// src/engine/types.ts
function defineRule(rule) {
  return rule;
}

// src/loaders/errors.ts
var InputError = class extends Error {
  constructor(message, offset, end = offset + 1) {
    super(message);
    this.offset = offset;
    this.end = end;
    this.name = "InputError";
  }
  offset;
  end;
};
var MAX_DEPTH = 256;

// src/loaders/decode.ts
var DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
function decodeText(bytes, maxSize = DEFAULT_MAX_FILE_SIZE) {
  if (bytes.length > maxSize)
    return { error: new InputError(`File is ${bytes.length} bytes, over the ${maxSize}-byte limit (setting maxFileSize); not scanned`, 0), text: "" };
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { error: new InputError("Binary file (it contains NUL bytes); not scanned", head.indexOf(0)), text: "" };
  let start = 0;
  if (bytes[0] === 239 && bytes[1] === 187 && bytes[2] === 191) start = 3;
  const body = bytes.subarray(start);
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body) };
  } catch {
    const bad = firstInvalidUtf8(body);
    const prefix = new TextDecoder("utf-8").decode(body.subarray(0, bad));
    return { error: new InputError(`Invalid UTF-8 at byte ${bad + start}`, prefix.length), text: new TextDecoder("utf-8").decode(body) };
  }
}
function firstInvalidUtf8(b) {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    const n = c < 128 ? 0 : c >= 194 && c <= 223 ? 1 : c >= 224 && c <= 239 ? 2 : c >= 240 && c <= 244 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 192) !== 128) return i;
    i += n + 1;
  }
  return b.length;
}

// src/model/node.ts
function isMap(n) {
  return n?.kind === "map";
}
function isSeq(n) {
  return n?.kind === "seq";
}
function isScalar(n) {
  return n?.kind === "scalar";
}
function isString(n) {
  return n?.kind === "scalar" && typeof n.value === "string";
}
function get(n, key) {
  if (n?.kind !== "map") return void 0;
  for (let i = n.entries.length - 1; i >= 0; i--) {
    const e = n.entries[i];
    if (e && e.key.value === key) return e.value;
  }
  return void 0;
}
function getEntry(n, key) {
  if (n?.kind !== "map") return void 0;
  for (let i = n.entries.length - 1; i >= 0; i--) {
    const e = n.entries[i];
    if (e && e.key.value === key) return e;
  }
  return void 0;
}
function getCI(n, key) {
  if (n?.kind !== "map") return void 0;
  const k = key.toLowerCase();
  for (let i = n.entries.length - 1; i >= 0; i--) {
    const e = n.entries[i];
    if (e && typeof e.key.value === "string" && e.key.value.toLowerCase() === k) return e;
  }
  return void 0;
}
function singleKey(n) {
  return n?.kind === "map" && n.entries.length === 1 ? n.entries[0] : void 0;
}
function asList(n) {
  if (n === void 0) return [];
  return n.kind === "seq" ? n.items : [n];
}
function walkScalars(n, fn, path = []) {
  if (n.kind === "scalar") {
    fn(n, path, false);
    return;
  }
  if (n.kind === "seq") {
    n.items.forEach((item, i) => {
      path.push(i);
      walkScalars(item, fn, path);
      path.pop();
    });
    return;
  }
  for (const e of n.entries) {
    const k = String(e.key.value);
    path.push(k);
    fn(e.key, path, true);
    walkScalars(e.value, fn, path);
    path.pop();
  }
}
function scalarString(s) {
  if (typeof s.value === "string") return s.value;
  if (typeof s.value === "number") return s.text ?? String(s.value);
  if (typeof s.value === "boolean") return String(s.value);
  return void 0;
}
function logicalLocation(path, template) {
  const fmt = (p) => p.map((s, i) => typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`).join("");
  if (template && path[0] === "Resources" && typeof path[1] === "string") return { resource: path[1], path: fmt(path.slice(2)) };
  return { resource: void 0, path: fmt(path) };
}

// src/model/value.ts
var UNKNOWN = { sym: "unknown" };
function literal(node, s, notes = []) {
  return { node, parts: [s], notes };
}
function unknown(node, notes = []) {
  return { node, parts: [UNKNOWN], notes };
}
function known(v) {
  let s = "";
  for (const p of v.parts) {
    if (typeof p !== "string") return void 0;
    s += p;
  }
  return s;
}
function hasUnknown(v) {
  return v.parts.some(
    (p) => typeof p !== "string" && (p.sym === "unknown" || p.sym === "stackName" || p.sym === "stackId" || p.sym === "region" || p.sym === "urlSuffix")
  );
}
function resourceRef(v) {
  if (v.parts.length !== 1) return void 0;
  const p = v.parts[0];
  return typeof p !== "string" && p?.sym === "resource" ? p : void 0;
}
function display(v) {
  return v.parts.map((p) => {
    if (typeof p === "string") return p;
    switch (p.sym) {
      case "account":
        return "${AWS::AccountId}";
      case "partition":
        return "${AWS::Partition}";
      case "region":
        return "${AWS::Region}";
      case "urlSuffix":
        return "${AWS::URLSuffix}";
      case "stackName":
        return "${AWS::StackName}";
      case "stackId":
        return "${AWS::StackId}";
      case "resource":
        return p.attr ? `\${${p.resource}.${p.attr}}` : `\${${p.resource}}`;
      default:
        return "${?}";
    }
  }).join("");
}
function notesSuffix(notes) {
  const uniq = [...new Set(notes)];
  return uniq.length ? ` (${uniq.join("; ")})` : "";
}
function symbolicText(v) {
  return hasUnknown(v) ? void 0 : display(v);
}
function mergeParts(parts) {
  const out = [];
  for (const p of parts) {
    if (p === "") continue;
    const last = out[out.length - 1];
    if (typeof p === "string" && typeof last === "string") out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out.length ? out : [""];
}

// src/model/intrinsics.ts
var MAX_ALTERNATIVES = 32;
var PSEUDO = {
  "AWS::AccountId": { sym: "account" },
  "AWS::Partition": { sym: "partition" },
  "AWS::Region": { sym: "region" },
  "AWS::URLSuffix": { sym: "urlSuffix" },
  "AWS::StackName": { sym: "stackName" },
  "AWS::StackId": { sym: "stackId" },
  "AWS::NotificationARNs": UNKNOWN
};
var Evaluator = class {
  constructor(template) {
    this.template = template;
  }
  template;
  /** Whether a node is `{Ref: AWS::NoValue}` (the property is removed). */
  isNoValue(n) {
    const e = singleKey(n);
    return !!this.template && e?.key.value === "Ref" && isString(e.value) && e.value.value === "AWS::NoValue";
  }
  /**
   * `Fn::If` at a structural position: both branches, each with its note; `AWS::NoValue` dropped.
   * Work is additive (one entry per branch), never a product over unrelated conditions.
   */
  branches(n, notes = []) {
    if (n === void 0) return [];
    if (!this.template) return [{ node: n, notes }];
    if (this.isNoValue(n)) return [];
    const e = singleKey(n);
    if (e?.key.value === "Fn::If" && isSeq(e.value) && e.value.items.length === 3) {
      const [c, a, b] = e.value.items;
      const cond = (c && scalarString(c)) ?? "?";
      if (!a || !b) return [{ node: n, notes }];
      return [...this.branches(a, [...notes, `when condition ${cond} is true`]), ...this.branches(b, [...notes, `when condition ${cond} is false`])];
    }
    return [{ node: n, notes }];
  }
  /** A list: items of a sequence (each item's `Fn::If` branches included), or a single value. */
  list(n, notes = []) {
    const out = [];
    for (const br of this.branches(n, notes)) {
      if (isSeq(br.node)) {
        for (const item of br.node.items) for (const b2 of this.branches(item, br.notes)) out.push(...this.str(b2.node, b2.notes));
      } else {
        const listVals = this.listFunction(br.node, br.notes);
        if (listVals) out.push(...listVals);
        else out.push(...this.str(br.node, br.notes));
      }
    }
    return out;
  }
  /** List-valued functions: `Fn::Split` over a known string, `Ref` to a list parameter with a default. */
  listFunction(n, notes) {
    if (!this.template) return void 0;
    const e = singleKey(n);
    if (!e) return void 0;
    if (e.key.value === "Ref" && isString(e.value)) {
      const p = this.template.parameters.get(e.value.value);
      if (p && p.type && /List/.test(p.type)) {
        if (p.default && isString(p.default))
          return p.default.value.split(",").map((s) => literal(n, s.trim(), [...notes, `the default of parameter ${p.id}`]));
        return [unknown(n, notes)];
      }
    }
    if (e.key.value === "Fn::Split" || e.key.value === "Fn::GetAZs" || e.key.value === "Fn::Cidr") return [unknown(n, notes)];
    return void 0;
  }
  /** A string value and its alternatives (one per `Fn::If` branch). */
  str(n, notes = []) {
    const r = this.eval(n, notes, 0);
    return r.length > MAX_ALTERNATIVES ? [unknown(n, notes)] : r;
  }
  eval(n, notes, depth) {
    if (depth > 64) return [unknown(n, notes)];
    if (n.kind === "scalar") {
      const s = scalarString(n);
      return s === void 0 ? [unknown(n, notes)] : [literal(n, s, notes)];
    }
    if (!this.template || n.kind === "seq") return [unknown(n, notes)];
    const e = singleKey(n);
    if (!e) return [unknown(n, notes)];
    const fn = String(e.key.value);
    const arg = e.value;
    const t = this.template;
    switch (fn) {
      case "Ref": {
        if (!isString(arg)) return [unknown(n, notes)];
        const pseudo = PSEUDO[arg.value];
        if (pseudo) return [{ node: n, parts: [pseudo], notes }];
        const p = t.parameters.get(arg.value);
        if (p) {
          if (p.default && p.default.kind === "scalar") {
            const s = scalarString(p.default);
            if (s !== void 0) return [literal(n, s, [...notes, `the default of parameter ${p.id}`])];
          }
          return [unknown(n, notes)];
        }
        const r = t.resources.get(arg.value);
        if (r) return [{ node: n, parts: resourceParts(r, void 0), notes }];
        return [unknown(n, notes)];
      }
      case "Fn::GetAtt": {
        let res;
        let attr;
        if (isString(arg)) {
          const i = arg.value.indexOf(".");
          if (i > 0) {
            res = arg.value.slice(0, i);
            attr = arg.value.slice(i + 1);
          }
        } else if (isSeq(arg) && isString(arg.items[0]) && isString(arg.items[1])) {
          res = arg.items[0].value;
          attr = arg.items[1].value;
        }
        const r = res ? t.resources.get(res) : void 0;
        if (r) return [{ node: n, parts: resourceParts(r, attr), notes }];
        return [unknown(n, notes)];
      }
      case "Fn::Sub":
        return this.sub(n, arg, notes, depth);
      case "Fn::Join": {
        if (!isSeq(arg) || arg.items.length !== 2) return [unknown(n, notes)];
        const [d, l] = arg.items;
        const delim = d && isString(d) ? d.value : void 0;
        if (delim === void 0 || !l) return [unknown(n, notes)];
        if (!isSeq(l)) return [unknown(n, notes)];
        let acc = [{ parts: [], notes }];
        l.items.forEach((item, i) => {
          if (this.isNoValue(item)) return;
          const alts = this.eval(item, [], depth + 1);
          const next = [];
          for (const a of acc) for (const v of alts) next.push({ parts: [...a.parts, ...i > 0 ? [delim] : [], ...v.parts], notes: [...a.notes, ...v.notes] });
          acc = next.length > MAX_ALTERNATIVES ? [{ parts: [UNKNOWN], notes }] : next;
        });
        return acc.map((a) => ({ node: n, parts: mergeParts(a.parts), notes: a.notes }));
      }
      case "Fn::If": {
        const out = [];
        for (const b of this.branches(n, notes)) out.push(...this.eval(b.node, b.notes, depth + 1));
        return out.length ? out : [unknown(n, notes)];
      }
      case "Fn::FindInMap": {
        if (!isSeq(arg) || arg.items.length < 3) return [unknown(n, notes)];
        const keys = arg.items.slice(0, 3).map((k) => this.eval(k, [], depth + 1));
        const ks = keys.map((k) => k.length === 1 && k[0] && k[0].parts.length === 1 && typeof k[0].parts[0] === "string" ? k[0].parts[0] : void 0);
        if (ks.some((k) => k === void 0)) return [unknown(n, notes)];
        const v = get(get(get(t.mappings, ks[0]), ks[1]), ks[2]);
        if (!v) return [unknown(n, notes)];
        return this.eval(v, [...notes, `from mapping ${ks[0]}`], depth + 1).map((r) => ({ ...r, node: n }));
      }
      case "Fn::Select": {
        if (!isSeq(arg) || arg.items.length !== 2) return [unknown(n, notes)];
        const [i, l] = arg.items;
        const idx = i?.kind === "scalar" ? Number(i.value) : NaN;
        if (isSeq(l) && Number.isInteger(idx)) {
          const item = l.items[idx];
          if (item) return this.eval(item, notes, depth + 1);
        }
        return [unknown(n, notes)];
      }
      case "Fn::Base64":
        return this.eval(arg, notes, depth + 1);
      default:
        return [unknown(n, notes)];
    }
  }
  sub(n, arg, notes, depth) {
    let tpl;
    let vars;
    if (isString(arg)) tpl = arg.value;
    else if (isSeq(arg) && isString(arg.items[0])) {
      tpl = arg.items[0].value;
      vars = arg.items[1];
    }
    if (tpl === void 0 || !this.template) return [unknown(n, notes)];
    let acc = [{ parts: [], notes }];
    const re = /\$\{([^}]*)\}/g;
    let last = 0;
    const push = (alts) => {
      const next = [];
      for (const a of acc) for (const v of alts) next.push({ parts: [...a.parts, ...v.parts], notes: [...a.notes, ...v.notes] });
      acc = next.length > MAX_ALTERNATIVES ? [{ parts: [UNKNOWN], notes }] : next;
    };
    for (let m = re.exec(tpl); m; m = re.exec(tpl)) {
      const name = (m[1] ?? "").trim();
      push([{ parts: [tpl.slice(last, m.index)], notes: [] }]);
      last = m.index + m[0].length;
      if (name.startsWith("!")) {
        push([{ parts: ["${" + name.slice(1) + "}"], notes: [] }]);
        continue;
      }
      const v = isMap(vars) ? get(vars, name) : void 0;
      if (v) {
        push(this.eval(v, [], depth + 1));
        continue;
      }
      const pseudo = PSEUDO[name];
      if (pseudo) {
        push([{ parts: [pseudo], notes: [] }]);
        continue;
      }
      const dot = name.indexOf(".");
      const resName = dot > 0 ? name.slice(0, dot) : name;
      const r = this.template.resources.get(resName);
      if (r) {
        push([{ parts: resourceParts(r, dot > 0 ? name.slice(dot + 1) : void 0), notes: [] }]);
        continue;
      }
      const p = this.template.parameters.get(name);
      if (p?.default && p.default.kind === "scalar") {
        const s = scalarString(p.default);
        if (s !== void 0) {
          push([{ parts: [s], notes: [`the default of parameter ${p.id}`] }]);
          continue;
        }
      }
      push([{ parts: [UNKNOWN], notes: [] }]);
    }
    push([{ parts: [tpl.slice(last)], notes: [] }]);
    return acc.map((a) => ({ node: n, parts: mergeParts(a.parts), notes: a.notes }));
  }
};
function resourceParts(r, attr) {
  if (r.type === "AWS::IAM::OIDCProvider" && (attr === void 0 || attr === "Arn")) {
    const url = get(r.properties, "Url");
    if (isString(url) && /^https:\/\/[^\s/]/.test(url.value))
      return ["arn:", { sym: "partition" }, ":iam::", { sym: "account" }, `:oidc-provider/${url.value.slice("https://".length).replace(/\/+$/, "")}`];
  }
  return [{ sym: "resource", resource: r.id, type: r.type, attr }];
}

// src/model/glob.ts
function globMatch(pattern2, value, caseInsensitive = false) {
  if (pattern2 === "*") return true;
  const p = caseInsensitive ? pattern2.toLowerCase() : pattern2;
  const v = caseInsensitive ? value.toLowerCase() : value;
  if (!hasWildcard(p)) return p === v;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const c = p.charCodeAt(pi);
    if (pi < p.length && (c === 63 || c === v.charCodeAt(vi))) {
      pi++;
      vi++;
    } else if (pi < p.length && c === 42) {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === 42) pi++;
  return pi === p.length;
}
function hasWildcard(s) {
  return s.includes("*") || s.includes("?");
}

// src/model/actions.ts
function grantsAction(st, action) {
  if (st.action) {
    let unk = false;
    for (const v of st.action.values) {
      const s = known(v);
      if (s === void 0) unk = true;
      else if (globMatch(s, action, true)) return { granted: true, via: v, field: st.action, notAction: false };
    }
    return { granted: unk ? "unknown" : false };
  }
  if (st.notAction) {
    let unk = false;
    for (const v of st.notAction.values) {
      const s = known(v);
      if (s === void 0) unk = true;
      else if (globMatch(s, action, true)) return { granted: false };
    }
    return unk ? { granted: "unknown" } : { granted: true, via: void 0, field: st.notAction, notAction: true };
  }
  return { granted: false };
}
function grantsAnyAction(st, actions) {
  let unk = false;
  for (const a of actions) {
    const g = grantsAction(st, a);
    if (g.granted === true) return g;
    if (g.granted === "unknown") unk = true;
  }
  return { granted: unk ? "unknown" : false };
}

// src/model/conditions.ts
function parseOperator(op) {
  let s = op.toLowerCase();
  let set2;
  const m = /^(forallvalues|foranyvalue):/.exec(s);
  if (m) {
    set2 = m[1];
    s = s.slice(m[0].length);
  }
  const ifExists = s.endsWith("ifexists");
  if (ifExists) s = s.slice(0, -"ifexists".length);
  const negated = /not/.test(s);
  const positiveMatch = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"].includes(s);
  return {
    base: s,
    ifExists,
    set: set2,
    negated,
    positiveMatch,
    caseInsensitive: s === "stringequalsignorecase",
    like: s === "stringlike" || s === "arnlike" || s === "arnequals"
  };
}
function clausesFor(cond, key) {
  const k = key.toLowerCase();
  return cond.clauses.filter((c) => c.key.toLowerCase() === k);
}
function operatorWeakness(op) {
  if (op.negated) return "a negated operator matches every other value, and is true when the key is absent";
  if (op.ifExists) return "the IfExists operator is true whenever the request does not carry the key";
  if (op.set === "forallvalues") return "ForAllValues is true when the key is absent or empty";
  if (!op.positiveMatch) return "the operator does not compare strings or ARNs for equality";
  return void 0;
}
function restriction(cond, keys, valueOk) {
  let firstBad;
  let unk = cond.unknown;
  for (const key of keys) {
    for (const c of clausesFor(cond, key)) {
      const op = parseOperator(c.operator);
      const weak = operatorWeakness(op);
      if (weak) {
        firstBad ??= { verdict: "unsound", reason: weak, clause: c, value: void 0 };
        continue;
      }
      let bad;
      let clauseUnknown = false;
      if (c.values.length === 0) bad = { verdict: "unsound", reason: "the condition lists no values", clause: c, value: void 0 };
      for (const v of c.values) {
        const s = symbolicText(v);
        if (s === void 0) {
          clauseUnknown = true;
          continue;
        }
        const why = valueOk(s, op.like, c);
        if (why) {
          bad = { verdict: "unsound", reason: why, clause: c, value: v };
          break;
        }
      }
      if (bad) {
        firstBad ??= bad;
        continue;
      }
      if (clauseUnknown) {
        unk = true;
        continue;
      }
      return { verdict: "sound", clause: c };
    }
  }
  if (unk) return { verdict: "unknown" };
  return firstBad ?? { verdict: "unsound", reason: "no condition", clause: void 0, value: void 0 };
}
function editDistance(a, b) {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] ?? 0;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] ?? 0;
      dp[j] = Math.min((dp[j] ?? 0) + 1, (dp[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] ?? 0;
}
function misspeltClause(cond, key) {
  const k = key.toLowerCase();
  return cond.clauses.find((c) => {
    const ck = c.key.toLowerCase();
    return ck !== k && editDistance(ck, k) <= 3;
  });
}
function wildcardPrefix(s) {
  const i = s.search(/[*?]/);
  return i < 0 ? s : s.slice(0, i);
}

// src/model/principals.ts
var THIS_ACCOUNT = "this";
function accountText(v) {
  let s = "";
  for (const p of v.parts) {
    if (typeof p === "string") s += p;
    else if (p.sym === "account") s += "";
    else if (p.sym === "partition") s += "aws";
    else return void 0;
  }
  return s;
}
function classifyPrincipal(e) {
  const v = e.val;
  if (resourceRef(v)) return { kind: "arn", account: THIS_ACCOUNT, entity: "resource" };
  const s = accountText(v);
  if (s === void 0 || hasUnknown(v)) return { kind: "unknown" };
  const type2 = e.type;
  if (type2 === "*" || type2 === "AWS") {
    if (s === "*") return { kind: "everyone" };
    if (type2 === "*") return { kind: "unknown" };
    const acct = (a) => a === "" ? THIS_ACCOUNT : a;
    if (/^(\d{12}|\u0001)$/.test(s)) return { kind: "account", account: acct(s) };
    const m = /^arn:[^:]+:(iam|sts)::(\d{12}|\u0001):(.*)$/.exec(s);
    if (!m) return { kind: "unknown" };
    const account = acct(m[2] ?? "");
    const rest = m[3] ?? "";
    if (rest === "root") return { kind: "account", account };
    return { kind: "arn", account, entity: rest.split("/")[0] ?? "" };
  }
  if (type2 === "Service") return { kind: "service", service: s };
  if (type2 === "CanonicalUser") return { kind: "canonical" };
  if (type2 === "Federated") {
    if (s === "cognito-identity.amazonaws.com") return { kind: "oidc", flavor: "cognito", issuer: s };
    const saml = /^arn:[^:]+:iam::[^:]*:saml-provider\/(.+)$/.exec(s);
    if (saml) return { kind: "saml", provider: saml[1] ?? "" };
    const oidc = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(.+)$/.exec(s);
    const issuer = oidc ? oidc[1] ?? "" : s;
    if (issuer === "token.actions.githubusercontent.com" || issuer.startsWith("token.actions.githubusercontent.com/"))
      return { kind: "oidc", flavor: "github", issuer };
    if (/^oidc\.eks\.[^/]+\.amazonaws\.com(\.cn)?\/id\//.test(issuer)) return { kind: "oidc", flavor: "eks", issuer };
    return { kind: "oidc", flavor: "oidc", issuer };
  }
  return { kind: "unknown" };
}

// src/model/trust.ts
var ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"];
var CALLER_KEYS = [
  "aws:PrincipalOrgID",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:PrincipalOrgPaths",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths"
];
function callerValueWeakness(value, like, clause) {
  if (!like && !/arn/i.test(clause.operator)) return void 0;
  if (/^[*?]+$/.test(value)) return `'${value}' matches every caller`;
  if (value.startsWith("arn:")) {
    const acct = value.split(":")[4] ?? "";
    if (/[*?]/.test(acct) || acct === "") return `'${value}' matches principals in every account`;
    return void 0;
  }
  if (/^o-[*?]/.test(value) || /^[*?]/.test(value)) return `'${value}' matches every organization or account`;
  return void 0;
}
function callerRestriction(st) {
  return restriction(st.condition, CALLER_KEYS, callerValueWeakness);
}
function trustStatements(doc) {
  if (doc.kind !== "trust") return [];
  return doc.statements.filter((s) => s.effect === "Allow" && grantsAnyAction(s, ASSUME_ACTIONS).granted !== false);
}
function principals(st) {
  return (st.principal?.entries ?? []).map((entry) => ({ entry, cls: classifyPrincipal(entry) }));
}
function isOwnAccount(account, own) {
  return account === THIS_ACCOUNT || own.includes(account);
}
var NARROWING_KEYS = ["aws:PrincipalArn", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths"];
function wholeAccountNarrowing(st) {
  const ext = restriction(st.condition, ["sts:ExternalId"], (v) => /^[*?]*$/.test(v) ? `'${v}' matches any external id` : void 0);
  if (ext.verdict !== "unsound") return ext;
  const narrow = restriction(st.condition, NARROWING_KEYS, callerValueWeakness);
  return narrow.verdict !== "unsound" ? narrow : ext;
}

// src/model/userdata.ts
var import_yaml = __toESM(require_dist(), 1);
import { gunzipSync } from "node:zlib";

// src/model/text-position.ts
function locateInScalar(s, index, length, lines) {
  const value = typeof s.value === "string" ? s.value : void 0;
  if (value === void 0) return s.range;
  const raw = lines.text.slice(s.range.start, s.range.end);
  if (raw === value) return { start: s.range.start + index, end: s.range.start + index + length };
  const q = raw[0];
  if ((q === '"' || q === "'" || q === "`") && raw.slice(1, -1) === value) return { start: s.range.start + 1 + index, end: s.range.start + 1 + index + length };
  if (s.block && s.contentStart !== void 0) {
    const before = value.slice(0, index);
    const k = before.split("\n").length - 1;
    const col = index - (before.lastIndexOf("\n") + 1);
    const firstLine = lines.position(s.contentStart).line;
    let firstContent = firstLine;
    while (firstContent < lines.lineCount && lines.lineText(firstContent).trim() === "") firstContent++;
    const indent = /^ */.exec(lines.lineText(firstContent))?.[0].length ?? 0;
    const lineNo = firstLine + k;
    const lineText = lines.lineText(lineNo);
    const valueLine = value.split("\n")[k] ?? "";
    if (lineText.slice(indent) === valueLine || lineText.slice(indent).startsWith(valueLine.slice(0, col + length))) {
      const start = lines.offsetOf(lineNo) + indent + col;
      return { start, end: start + length };
    }
  }
  return s.range;
}

// src/model/userdata.ts
var MAX_DECODED = 1 << 20;
var MAX_NESTING = 4;
function userDataSegments(node, ev, lines) {
  const out = [];
  for (const b of ev.branches(node)) {
    const e = singleKey(b.node);
    if (ev.template && e?.key.value === "Fn::Base64") {
      for (const ib of ev.branches(e.value, b.notes)) {
        const pieces = [];
        const text = flatten(ib.node, ev, pieces, 0);
        if (text !== void 0) expand(pieceSegment(text, pieces, lines, ib.notes), out, 0);
      }
    } else if (isString(b.node)) {
      const root = pieceSegment(b.node.value, [{ start: 0, end: b.node.value.length, scalar: b.node, node: b.node }], lines, b.notes);
      const decoded = decodeBase64(b.node.value, false);
      expand(decoded ? decodedChild(root, 0, b.node.value.length, decoded.text, decoded.encodings) : root, out, 0);
    }
  }
  return out;
}
function flatten(n, ev, pieces, offset) {
  if (n.kind === "scalar") {
    const s = scalarString(n);
    if (s === void 0) return void 0;
    pieces.push({ start: offset, end: offset + s.length, scalar: n, node: n });
    return s;
  }
  const e = singleKey(n);
  const fn = e ? String(e.key.value) : "";
  if (e && fn === "Fn::Sub") {
    const tpl = isString(e.value) ? e.value : isSeq(e.value) && isString(e.value.items[0]) ? e.value.items[0] : void 0;
    if (tpl) return flatten(tpl, ev, pieces, offset);
  }
  if (e && fn === "Fn::Join" && isSeq(e.value) && e.value.items.length === 2) {
    const [d, list] = e.value.items;
    if (d && isString(d) && isSeq(list)) {
      let text = "";
      let first = true;
      for (const item of list.items) {
        if (ev.isNoValue(item)) continue;
        if (!first) text += d.value;
        first = false;
        text += flatten(item, ev, pieces, offset + text.length) ?? "";
      }
      return text;
    }
  }
  const placeholder = "${" + (fn || "value") + "}";
  pieces.push({ start: offset, end: offset + placeholder.length, scalar: void 0, node: n });
  return placeholder;
}
function pieceSegment(text, pieces, lines, notes) {
  return {
    text,
    encodings: [],
    notes,
    locate(index, length) {
      const p = pieces.find((q) => index >= q.start && index < q.end) ?? pieces[pieces.length - 1];
      if (!p) return { range: { start: 0, end: 0 } };
      if (p.scalar && index + length <= p.end) return { range: locateInScalar(p.scalar, index - p.start, length, lines) };
      return { range: p.node.range };
    }
  };
}
function lineAt(text, index) {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
function decodedChild(parent, start, length, text, encodings) {
  return {
    text,
    encodings: [...parent.encodings, ...encodings],
    notes: parent.notes,
    locate(index) {
      return { range: parent.locate(start, length).range, decodedLine: lineAt(text, index) };
    }
  };
}
function sliceChild(parent, start, text, label) {
  return {
    text,
    encodings: [...parent.encodings, label],
    notes: parent.notes,
    locate(index, length) {
      const loc = parent.locate(start + index, length);
      return loc.decodedLine === void 0 ? loc : { range: loc.range, decodedLine: lineAt(text, index) };
    }
  };
}
function decodeBase64(s, loose) {
  const t = loose ? s.replace(/\s+/g, "") : s.trim().replace(/\r?\n/g, "");
  if (t.length < 8 || t.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(t)) return void 0;
  let bytes = Buffer.from(t, "base64");
  const encodings = ["base64"];
  if (bytes[0] === 31 && bytes[1] === 139) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_DECODED });
    } catch {
      return void 0;
    }
    encodings.push("gzip");
  }
  if (bytes.length > MAX_DECODED) return void 0;
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return void 0;
  }
  const control = text.match(/[\x00-\x08\x0e-\x1f\x7f]/g)?.length ?? 0;
  if (control > text.length / 100) return void 0;
  return { text, encodings };
}
function expand(seg, out, depth) {
  if (depth < MAX_NESTING && expandMime(seg, out, depth)) return;
  out.push(seg);
  if (depth >= MAX_NESTING) return;
  const covered = [];
  for (const c of cloudConfigFiles(seg)) {
    covered.push([c.start, c.start + c.length]);
    expand(c.seg, out, depth + 1);
  }
  for (const m of seg.text.matchAll(/LS0tLS1CRUdJT(?:[A-Za-z0-9+/]|\r?\n[ \t]*)+={0,2}/g)) {
    if (covered.some(([a, b]) => m.index >= a && m.index < b)) continue;
    const d = decodeBase64(m[0], true);
    if (d && /-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(d.text)) expand(decodedChild(seg, m.index, m[0].length, d.text, d.encodings), out, depth + 1);
  }
}
function expandMime(seg, out, depth) {
  const text = seg.text;
  const headerEnd = text.search(/\r?\n\r?\n/);
  const header = headerEnd < 0 ? "" : text.slice(0, headerEnd);
  if (!/^content-type:\s*multipart\//im.test(header)) return false;
  const bm = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(header);
  const boundary = bm?.[1] ?? bm?.[2];
  if (!boundary) return false;
  const delim = new RegExp(`^--${boundary.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(--)?[ \\t]*\\r?$`, "gm");
  const marks = [...text.matchAll(delim)];
  if (marks.length < 2) return false;
  marks.forEach((m, k) => {
    const next = marks[k + 1];
    if (!next || m[1]) return;
    const partStart = m.index + m[0].length + 1;
    const partEnd = Math.max(partStart, next.index - 1);
    const part = text.slice(partStart, partEnd);
    const sep = /\r?\n\r?\n/.exec(part);
    const headers = sep ? part.slice(0, sep.index) : "";
    const bodyStart = sep ? sep.index + sep[0].length : 0;
    const body = part.slice(bodyStart);
    const label = `MIME part ${k + 1}`;
    if (/^content-transfer-encoding:\s*base64/im.test(headers)) {
      const d = decodeBase64(body, true);
      if (d) expand(decodedChild(seg, partStart + bodyStart, body.length, d.text, [label, ...d.encodings]), out, depth + 1);
    } else {
      expand(sliceChild(seg, partStart + bodyStart, body, label), out, depth + 1);
    }
  });
  return true;
}
function cloudConfigFiles(seg) {
  if (!/^\s*#cloud-config/.test(seg.text) || !/write_files/.test(seg.text)) return [];
  const out = [];
  let doc;
  try {
    doc = (0, import_yaml.parseDocument)(seg.text, { strict: false, logLevel: "silent", uniqueKeys: false });
  } catch {
    return [];
  }
  if (doc.errors.length || !(0, import_yaml.isMap)(doc.contents)) return [];
  const files = doc.contents.get("write_files", true);
  if (!(0, import_yaml.isSeq)(files)) return [];
  for (const item of files.items) {
    if (!(0, import_yaml.isMap)(item)) continue;
    const enc = String(item.get("encoding") ?? "").toLowerCase();
    const content = item.get("content", true);
    if (!(0, import_yaml.isScalar)(content) || !content.range) continue;
    const [start, end] = content.range;
    let d;
    if (content.value instanceof Uint8Array) d = decodeBase64(Buffer.from(content.value).toString("base64"), false);
    else if (/^(?:b64|base64|gz\+b64|gzip\+base64|gz\+base64|gzip\+b64)$/.test(enc)) d = decodeBase64(String(content.value), true);
    if (d) out.push({ start, length: end - start, seg: decodedChild(seg, start, end - start, d.text, ["cloud-config write_files", ...d.encodings]) });
  }
  return out;
}
function userDataWhere(seg, loc) {
  if (loc.decodedLine !== void 0) return ` (decoded from ${seg.encodings.join(", ")}: line ${loc.decodedLine})`;
  return seg.encodings.length ? ` (${seg.encodings.join(", ")})` : "";
}

// src/model/launch.ts
var IMDS_FIELDS = { tokens: "HttpTokens", endpoint: "HttpEndpoint", hopLimit: "HttpPutResponseHopLimit" };
var NO_LAUNCH = { specs: [], profiles: [] };
var PROFILE = "AWS::IAM::InstanceProfile";
var LAUNCH_TEMPLATE = "AWS::EC2::LaunchTemplate";
var ROLE = "AWS::IAM::Role";
function alternatives(ev, n, notes) {
  if (n === void 0 || ev.isNoValue(n)) return [{ node: void 0, notes }];
  const e = singleKey(n);
  if (ev.template && e?.key.value === "Fn::If" && isSeq(e.value) && e.value.items.length === 3) {
    const [c, a, b] = e.value.items;
    const cond = (c && c.kind === "scalar" ? scalarString(c) : void 0) ?? "?";
    return [...alternatives(ev, a, [...notes, `when condition ${cond} is true`]), ...alternatives(ev, b, [...notes, `when condition ${cond} is false`])];
  }
  return [{ node: n, notes }];
}
var Spec = class {
  constructor(kind, label, resource, path, anchor, data, ev, lines, inherits = false) {
    this.kind = kind;
    this.label = label;
    this.resource = resource;
    this.path = path;
    this.anchor = anchor;
    this.data = data;
    this.ev = ev;
    this.inherits = inherits;
    this.hasMetadataOptions = kind !== "spotFleet";
    this.metadataOptions = this.hasMetadataOptions ? getEntry(data, "MetadataOptions") : void 0;
    const ud = getEntry(data, "UserData");
    if (ud) {
      let segs;
      this.userData = { key: ud.key, node: ud.value, segments: () => segs ??= userDataSegments(ud.value, ev, lines) };
    }
  }
  kind;
  label;
  resource;
  path;
  anchor;
  data;
  ev;
  inherits;
  launchTemplate;
  usedBy = [];
  metadataOptions;
  userData;
  profile;
  cache = /* @__PURE__ */ new Map();
  hasMetadataOptions;
  setting(field2) {
    let out = this.cache.get(field2);
    if (!out) this.cache.set(field2, out = this.compute(field2));
    return out;
  }
  inherit(out, at, notes, field2) {
    const lt = this.launchTemplate;
    if (!lt) out.push({ value: this.inherits ? null : void 0, at, notes, from: this });
    else if (lt.target === "unknown") out.push({ value: null, at: lt.node, notes, from: this });
    else for (const s of lt.target.setting(field2)) out.push({ ...s, notes: [...notes, ...s.notes] });
  }
  compute(field2) {
    const out = [];
    const mo = this.metadataOptions;
    if (!mo) {
      this.inherit(out, this.anchor, [], field2);
      return out;
    }
    for (const b of alternatives(this.ev, mo.value, [])) {
      if (b.node === void 0) {
        this.inherit(out, mo.key, b.notes, field2);
        continue;
      }
      if (!isMap(b.node)) {
        out.push({ value: null, at: b.node, notes: b.notes, from: this });
        continue;
      }
      const e = getEntry(b.node, IMDS_FIELDS[field2]);
      for (const vb of alternatives(this.ev, e?.value, b.notes)) {
        if (vb.node === void 0) {
          this.inherit(out, mo.key, vb.notes, field2);
          continue;
        }
        for (const v of this.ev.str(vb.node, vb.notes))
          out.push({ value: known(v) ?? null, at: vb.node.kind === "scalar" ? vb.node : v.node, notes: v.notes, from: this });
      }
    }
    return out;
  }
};
function literalName(r, prop) {
  const n = get(r.properties, prop);
  return isString(n) ? n.value : void 0;
}
function namedResource(v, type2, byName, t) {
  const last = v.parts[v.parts.length - 1];
  if (last !== void 0 && typeof last !== "string" && last.sym === "resource") {
    const before = v.parts.slice(0, -1);
    if (last.type === type2 && before.every((p) => typeof p === "string" || p.sym === "partition" || p.sym === "account"))
      return t?.resources.get(last.resource);
    return void 0;
  }
  const s = known(v);
  if (s === void 0) return void 0;
  return byName.get(s.startsWith("arn:") ? s.slice(s.lastIndexOf("/") + 1) : s);
}
function mentions(n, out) {
  if (n.kind === "scalar") return;
  if (n.kind === "seq") {
    for (const i of n.items) mentions(i, out);
    return;
  }
  const e = singleKey(n);
  if (e && e.key.value === "Ref" && isString(e.value)) out.add(e.value.value);
  else if (e && e.key.value === "Fn::GetAtt") {
    const a = e.value;
    if (isString(a)) out.add(a.value.split(".")[0] ?? "");
    else if (isSeq(a) && isString(a.items[0])) out.add(a.items[0].value);
  } else if (e && e.key.value === "Fn::Sub") {
    const tpl = isString(e.value) ? e.value.value : isSeq(e.value) && isString(e.value.items[0]) ? e.value.items[0].value : "";
    for (const m of tpl.matchAll(/\$\{([^}!.]+)(?:\.[^}]*)?\}/g)) out.add((m[1] ?? "").trim());
  }
  for (const x of n.entries) mentions(x.value, out);
}
var Graph = class {
  constructor(t, ev, policies, lines) {
    this.t = t;
    this.ev = ev;
    this.policies = policies;
    this.lines = lines;
    for (const r of t.resources.values()) {
      const add = (m, prop) => {
        const n = literalName(r, prop);
        if (n) m.set(n, r);
      };
      if (r.type === PROFILE) add(this.profileNames, "InstanceProfileName");
      else if (r.type === LAUNCH_TEMPLATE) add(this.templateNames, "LaunchTemplateName");
      else if (r.type === "AWS::AutoScaling::LaunchConfiguration") add(this.configNames, "LaunchConfigurationName");
      else if (r.type === ROLE) add(this.roleNames, "RoleName");
    }
  }
  t;
  ev;
  policies;
  lines;
  profilesById = /* @__PURE__ */ new Map();
  profileNames = /* @__PURE__ */ new Map();
  templateNames = /* @__PURE__ */ new Map();
  configNames = /* @__PURE__ */ new Map();
  roleNames = /* @__PURE__ */ new Map();
  roles = /* @__PURE__ */ new Map();
  specsByTemplate = /* @__PURE__ */ new Map();
  specsByConfig = /* @__PURE__ */ new Map();
  specs = [];
  build() {
    const t = this.t;
    for (const r of t.resources.values()) if (r.type === PROFILE) this.profilesById.set(r.id, this.profile(r));
    for (const r of t.resources.values()) {
      if (r.type === LAUNCH_TEMPLATE) {
        const data = getEntry(r.properties, "LaunchTemplateData");
        const s = this.spec("launchTemplate", `launch template ${r.id}`, r, "Properties.LaunchTemplateData", data?.value);
        this.specsByTemplate.set(r.id, s);
      } else if (r.type === "AWS::AutoScaling::LaunchConfiguration") {
        this.specsByConfig.set(r.id, this.spec("launchConfiguration", `launch configuration ${r.id}`, r, "Properties", r.properties));
      }
    }
    for (const r of t.resources.values()) {
      const p = r.properties;
      if (r.type === "AWS::EC2::Instance") {
        const s = this.spec("instance", `instance ${r.id}`, r, "Properties", p);
        const lt = get(p, "LaunchTemplate");
        if (lt) {
          const target = this.launchTemplate(lt);
          s.launchTemplate = { node: lt, target: target ?? "unknown" };
          target?.usedBy.push(s.label);
        }
      } else if (r.type === "AWS::AutoScaling::AutoScalingGroup") {
        const label = `Auto Scaling group ${r.id}`;
        const mip = get(get(p, "MixedInstancesPolicy"), "LaunchTemplate");
        const refs = [get(p, "LaunchTemplate"), get(mip, "LaunchTemplateSpecification")];
        const overrides = get(mip, "Overrides");
        if (isSeq(overrides)) for (const o of overrides.items) refs.push(get(o, "LaunchTemplateSpecification"));
        for (const ref of refs) if (ref) this.launchTemplate(ref)?.usedBy.push(label);
        const lc = get(p, "LaunchConfigurationName");
        if (lc)
          for (const v of this.ev.str(lc)) {
            const target = namedResource(v, "AWS::AutoScaling::LaunchConfiguration", this.configNames, t);
            if (target) this.specsByConfig.get(target.id)?.usedBy.push(label);
          }
      } else if (r.type === "AWS::EC2::SpotFleet" || r.type === "AWS::EC2::EC2Fleet") {
        const config = r.type === "AWS::EC2::SpotFleet" ? get(p, "SpotFleetRequestConfigData") : p;
        const base = r.type === "AWS::EC2::SpotFleet" ? "Properties.SpotFleetRequestConfigData" : "Properties";
        const label = `${r.type === "AWS::EC2::SpotFleet" ? "Spot Fleet" : "EC2 Fleet"} ${r.id}`;
        const ltc = get(config, "LaunchTemplateConfigs");
        if (isSeq(ltc)) for (const c of ltc.items) this.launchTemplate(get(c, "LaunchTemplateSpecification") ?? c)?.usedBy.push(label);
        const specs = get(config, "LaunchSpecifications");
        if (isSeq(specs))
          specs.items.forEach((item, i) => {
            if (isMap(item)) this.spec("spotFleet", `${label} launch specification ${i + 1}`, r, `${base}.LaunchSpecifications[${i}]`, item, item);
          });
      }
    }
    this.attach();
    return { specs: this.specs, profiles: [...this.profilesById.values()] };
  }
  spec(kind, label, r, path, data, anchor = r.keyNode) {
    const s = new Spec(kind, label, r, path, anchor, data, this.ev, this.lines);
    const pe = getEntry(data, "IamInstanceProfile");
    if (pe) s.profile = this.attachment(pe);
    this.specs.push(s);
    return s;
  }
  /** The launch template a `{LaunchTemplateId | LaunchTemplateName, Version}` names, when it is one of this template's. */
  launchTemplate(ref) {
    const found = /* @__PURE__ */ new Set();
    let unknown2 = false;
    for (const b of alternatives(this.ev, ref, [])) {
      const idOrName = get(b.node, "LaunchTemplateId") ?? get(b.node, "LaunchTemplateName");
      if (!idOrName) {
        if (b.node) unknown2 = true;
        continue;
      }
      for (const v of this.ev.str(idOrName)) {
        const r = namedResource(v, LAUNCH_TEMPLATE, this.templateNames, this.t);
        const s = r && this.specsByTemplate.get(r.id);
        if (s) found.add(s);
        else unknown2 = true;
      }
    }
    return !unknown2 && found.size === 1 ? [...found][0] : void 0;
  }
  attachment(e) {
    const profiles = /* @__PURE__ */ new Set();
    let unknown2 = false;
    for (const b of alternatives(this.ev, e.value, [])) {
      if (!b.node) continue;
      const fn = singleKey(b.node)?.key.value;
      const intrinsic = typeof fn === "string" && (fn === "Ref" || fn.startsWith("Fn::"));
      const n = isMap(b.node) && !intrinsic ? get(b.node, "Arn") ?? get(b.node, "Name") : b.node;
      if (!n) continue;
      for (const v of this.ev.str(n)) {
        const r = namedResource(v, PROFILE, this.profileNames, this.t);
        const p = r && this.profilesById.get(r.id);
        if (p) profiles.add(p);
        else unknown2 = true;
      }
    }
    return { key: e.key, node: e.value, profiles: [...profiles], unknown: unknown2 };
  }
  profile(r) {
    const rolesEntry = getEntry(r.properties, "Roles");
    const roles = [];
    let min = Infinity;
    let max = 0;
    let countable = true;
    for (const b of alternatives(this.ev, rolesEntry?.value, [])) {
      if (b.node === void 0) {
        min = 0;
        continue;
      }
      if (!isSeq(b.node)) {
        countable = false;
        continue;
      }
      let lo = 0;
      let hi = 0;
      for (const item of b.node.items) {
        const alts = alternatives(this.ev, item, b.notes);
        const present = alts.filter((a) => a.node !== void 0);
        if (present.length === alts.length) lo++;
        if (present.length > 0) hi++;
        for (const a of present) {
          for (const v of this.ev.str(a.node, a.notes)) {
            const role = namedResource(v, ROLE, this.roleNames, this.t);
            roles.push({ node: item, role: role && this.role(role) });
          }
        }
      }
      min = Math.min(min, lo);
      max = Math.max(max, hi);
    }
    return { resource: r, rolesEntry, roles, roleCount: countable && min !== Infinity ? { min, max } : void 0, attachedTo: [] };
  }
  role(r) {
    const cached = this.roles.get(r.id);
    if (cached) return cached;
    const owners = /* @__PURE__ */ new Set([r.id]);
    const names = (n) => this.ev.list(n).some((v) => namedResource(v, ROLE, this.roleNames, this.t) === r);
    for (const p of this.t.resources.values()) {
      if ((p.type === "AWS::IAM::Policy" || p.type === "AWS::IAM::ManagedPolicy") && names(get(p.properties, "Roles"))) owners.add(p.id);
      if (p.type === "AWS::IAM::RolePolicy" && names(get(p.properties, "RoleName"))) owners.add(p.id);
    }
    const managedPolicyArns = [];
    for (const v of this.ev.list(get(r.properties, "ManagedPolicyArns"))) {
      const last = v.parts.length === 1 ? v.parts[0] : void 0;
      if (last && typeof last !== "string" && last.sym === "resource" && last.type === "AWS::IAM::ManagedPolicy") owners.add(last.resource);
      else managedPolicyArns.push(v);
    }
    const role = {
      resource: r,
      trust: this.policies.filter((d) => d.kind === "trust" && d.origin.resource === r.id),
      policies: this.policies.filter((d) => d.kind === "identity" && d.origin.resource !== void 0 && owners.has(d.origin.resource)),
      managedPolicyArns,
      permissionsBoundary: get(r.properties, "PermissionsBoundary") !== void 0
    };
    this.roles.set(r.id, role);
    return role;
  }
  /** Who uses each instance profile: launch specs, then any other resource that mentions it (Batch, Beanstalk, EMR...). */
  attach() {
    if (this.profilesById.size === 0) return;
    for (const s of this.specs) for (const p of s.profile?.profiles ?? []) this.profilesById.get(p.resource.id)?.attachedTo.push(s.label);
    const launchTypes = /* @__PURE__ */ new Set([LAUNCH_TEMPLATE, "AWS::AutoScaling::LaunchConfiguration", "AWS::EC2::Instance", "AWS::EC2::SpotFleet", PROFILE]);
    for (const r of this.t.resources.values()) {
      if (launchTypes.has(r.type) || !r.properties) continue;
      const seen = /* @__PURE__ */ new Set();
      mentions(r.properties, seen);
      for (const id of seen) this.profilesById.get(id)?.attachedTo.push(`${r.type} ${r.id}`);
    }
  }
};
function templateLaunch(t, ev, policies, lines) {
  const hasAny = [...t.resources.values()].some(
    (r) => /^AWS::(EC2::(Instance|LaunchTemplate|SpotFleet|EC2Fleet)|AutoScaling::|IAM::InstanceProfile)/.test(r.type)
  );
  return hasAny ? new Graph(t, ev, policies, lines).build() : NO_LAUNCH;
}
var LAUNCH_TEMPLATE_DATA_KEYS = /* @__PURE__ */ new Set([
  "BlockDeviceMappings",
  "CapacityReservationSpecification",
  "CpuOptions",
  "CreditSpecification",
  "DisableApiStop",
  "DisableApiTermination",
  "EbsOptimized",
  "ElasticGpuSpecifications",
  "ElasticInferenceAccelerators",
  "EnclaveOptions",
  "HibernationOptions",
  "IamInstanceProfile",
  "ImageId",
  "InstanceInitiatedShutdownBehavior",
  "InstanceMarketOptions",
  "InstanceRequirements",
  "InstanceType",
  "KernelId",
  "KeyName",
  "LicenseSpecifications",
  "MaintenanceOptions",
  "MetadataOptions",
  "Monitoring",
  "NetworkInterfaces",
  "NetworkPerformanceOptions",
  "Operator",
  "Placement",
  "PrivateDnsNameOptions",
  "RamDiskId",
  "SecurityGroupIds",
  "SecurityGroups",
  "TagSpecifications",
  "UserData"
]);
var LAUNCH_SETTINGS = ["ImageId", "InstanceType", "MetadataOptions", "IamInstanceProfile", "UserData", "InstanceRequirements"];
var CLI_INPUT_KEYS = /* @__PURE__ */ new Set([
  "LaunchTemplateData",
  "LaunchTemplateName",
  "LaunchTemplateId",
  "VersionDescription",
  "SourceVersion",
  "ClientToken",
  "DryRun",
  "TagSpecifications",
  "Operator",
  "ResolveAlias"
]);
function isLaunchData(n) {
  if (!isMap(n) || n.entries.length < 2) return false;
  if (!n.entries.every((e) => LAUNCH_TEMPLATE_DATA_KEYS.has(String(e.key.value)))) return false;
  if (!LAUNCH_SETTINGS.some((k) => get(n, k) !== void 0)) return false;
  const mo = get(n, "MetadataOptions");
  const ud = get(n, "UserData");
  return (mo === void 0 || isMap(mo)) && (ud === void 0 || isString(ud));
}
function dataFileLaunch(root, ev, lines) {
  if (!isMap(root)) return [];
  const name = (n) => {
    const s = get(n, "LaunchTemplateName");
    return isString(s) ? s.value : void 0;
  };
  const versions = get(root, "LaunchTemplateVersions");
  if (isSeq(versions)) {
    const out = [];
    versions.items.forEach((item, i) => {
      const d2 = getEntry(item, "LaunchTemplateData");
      if (!d2 || !isMap(d2.value)) return;
      const vn = get(item, "VersionNumber");
      const n = name(item);
      const label = `${vn?.kind === "scalar" ? `version ${String(vn.value)}` : "a version"} of launch template ${n ?? "(unnamed)"}`;
      out.push(new Spec("dataFile", label, void 0, `LaunchTemplateVersions[${i}].LaunchTemplateData`, d2.key, d2.value, ev, lines));
    });
    return out;
  }
  const d = getEntry(root, "LaunchTemplateData");
  if (d && isMap(d.value) && root.entries.every((e) => CLI_INPUT_KEYS.has(String(e.key.value)))) {
    const n = name(root);
    const label = n ? `launch template ${n}` : "this launch template data";
    return [new Spec("dataFile", label, void 0, "LaunchTemplateData", d.key, d.value, ev, lines, get(root, "SourceVersion") !== void 0)];
  }
  if (isLaunchData(root)) return [new Spec("dataFile", "this launch template data", void 0, "", root, root, ev, lines)];
  return [];
}
function principalText(v) {
  let s = "";
  for (const p of v.parts) {
    if (typeof p === "string") s += p;
    else if (p.sym === "urlSuffix") s += "amazonaws.com";
    else return void 0;
  }
  return s;
}
var EC2_SERVICES = ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"];
function ec2CanAssume(role) {
  if (role.trust.length === 0) return { verdict: "unknown", services: [] };
  let unknown2 = false;
  const services = /* @__PURE__ */ new Set();
  for (const doc of role.trust) {
    if (doc.statements.length === 0 || doc.statements.some((st) => st.effect === void 0)) unknown2 = true;
    for (const st of trustStatements(doc)) {
      const g = grantsAction(st, "sts:AssumeRole").granted;
      if (g === "unknown" || st.principal?.unknown || st.notPrincipal) unknown2 = true;
      if (g !== true) continue;
      for (const e of st.principal?.entries ?? []) {
        const text = principalText(e.val);
        if (e.type === "Service") {
          if (text === void 0) unknown2 = true;
          else if (EC2_SERVICES.includes(text.toLowerCase())) return { verdict: true, services: [text] };
          else services.add(text);
        } else if ((e.type === "AWS" || e.type === "*") && (text === "*" || text === void 0 && e.type === "*")) {
          unknown2 = true;
        }
      }
    }
  }
  return { verdict: unknown2 ? "unknown" : false, services: [...services] };
}
function labelStart(spec) {
  return spec.label.charAt(0).toUpperCase() + spec.label.slice(1);
}
function specLocation(spec, field2) {
  const path = [spec.path, field2].filter(Boolean).join(".");
  return spec.resource ? { resource: spec.resource.id, path } : { path };
}

// src/model/source.ts
var LineIndex = class {
  constructor(text) {
    this.text = text;
  }
  text;
  startsCache;
  /** Line start offsets, computed on first use: most files produce no finding and never need them. */
  get starts() {
    if (this.startsCache) return this.startsCache;
    const text = this.text;
    const starts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    if (text.includes("\r")) {
      for (let i = text.indexOf("\r"); i >= 0; i = text.indexOf("\r", i + 1)) if (text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      starts.sort((a, b) => a - b);
    }
    this.startsCache = starts;
    return starts;
  }
  get lineCount() {
    return this.starts.length;
  }
  /** 1-based line and column of an offset. */
  position(offset) {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.starts[lo] ?? 0) + 1 };
  }
  region(range) {
    const s = this.position(range.start);
    const e = this.position(Math.max(range.end, range.start));
    return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }
  /** Offset of the first character of a 1-based line. */
  offsetOf(line) {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
  }
  /** The text of a 1-based line, without its line break. */
  lineText(line) {
    const start = this.starts[line - 1];
    if (start === void 0) return "";
    const next = this.starts[line];
    let end = next === void 0 ? this.text.length : next;
    while (end > start && (this.text[end - 1] === "\n" || this.text[end - 1] === "\r")) end--;
    return this.text.slice(start, end);
  }
};

// src/model/template.ts
function isTemplate(root) {
  if (!isMap(root)) return false;
  if (get(root, "AWSTemplateFormatVersion") !== void 0) return true;
  const res = get(root, "Resources");
  if (!isMap(res)) return false;
  return res.entries.some((e) => {
    const t = get(e.value, "Type");
    return isString(t) && /^(AWS|Custom|Alexa)::/.test(t.value);
  });
}
function buildTemplate(root) {
  const parameters = /* @__PURE__ */ new Map();
  const params = get(root, "Parameters");
  if (isMap(params)) {
    for (const e of params.entries) {
      const id = scalarString(e.key) ?? "";
      const t = get(e.value, "Type");
      parameters.set(id, { id, node: e.value, type: isString(t) ? t.value : void 0, default: get(e.value, "Default") });
    }
  }
  const resources = /* @__PURE__ */ new Map();
  const res = get(root, "Resources");
  if (isMap(res)) {
    for (const e of res.entries) {
      if (!isMap(e.value)) continue;
      const t = get(e.value, "Type");
      if (!isString(t)) continue;
      const id = scalarString(e.key) ?? "";
      resources.set(id, {
        id,
        type: t.value,
        node: e.value,
        keyNode: e.key,
        properties: get(e.value, "Properties"),
        metadata: get(e.value, "Metadata")
      });
    }
  }
  const conditions = /* @__PURE__ */ new Set();
  const conds = get(root, "Conditions");
  if (isMap(conds)) for (const e of conds.entries) conditions.add(String(e.key.value));
  const transform = get(root, "Transform");
  const transforms = transform?.kind === "seq" ? transform.items : transform ? [transform] : [];
  const sam = transforms.some((t) => isString(t) && t.value.startsWith("AWS::Serverless"));
  return { root, parameters, resources, mappings: get(root, "Mappings"), conditions, sam };
}

// src/model/policy.ts
function buildPolicy(node, ev, kind, origin) {
  const statements = [];
  for (const docBranch of ev.branches(node)) {
    const st = getCI(docBranch.node, "Statement");
    if (!st) continue;
    for (const listBranch of ev.branches(st.value, docBranch.notes)) {
      const single = listBranch.node.kind !== "seq";
      const list = listBranch.node.kind === "seq" ? listBranch.node.items : [listBranch.node];
      list.forEach((item, i) => {
        for (const b of ev.branches(item, listBranch.notes)) {
          if (!isMap(b.node)) continue;
          statements.push(buildStatement(b.node, ev, single ? "Statement" : `Statement[${i}]`, b.notes));
        }
      });
    }
  }
  return { kind, node, statements, origin };
}
function field(entry, ev, notes) {
  if (!entry) return void 0;
  return { key: entry.key, node: entry.value, values: ev.list(entry.value, notes) };
}
function principalField(entry, ev, notes) {
  if (!entry) return void 0;
  const entries = [];
  let unk = false;
  for (const b of ev.branches(entry.value, notes)) {
    if (isScalar(b.node)) {
      for (const v of ev.str(b.node, b.notes)) entries.push({ type: "*", val: v });
    } else if (isMap(b.node)) {
      for (const e of b.node.entries) {
        const type2 = scalarString(e.key) ?? "";
        if (type2.startsWith("Fn::") || type2 === "Ref") {
          unk = true;
          continue;
        }
        for (const v of ev.list(e.value, b.notes)) entries.push({ type: type2, val: v });
      }
    } else {
      unk = true;
    }
  }
  return { key: entry.key, node: entry.value, entries, unknown: unk };
}
function condition(entry, ev, notes) {
  if (!entry) return { node: void 0, clauses: [], unknown: false };
  const clauses = [];
  let unk = false;
  const bs = ev.branches(entry.value, notes);
  if (bs.length !== 1) return { node: entry.value, clauses: [], unknown: true };
  const block = bs[0]?.node;
  if (!isMap(block)) return { node: entry.value, clauses, unknown: true };
  for (const opEntry of block.entries) {
    const operator = scalarString(opEntry.key) ?? "";
    if (operator.startsWith("Fn::") || operator === "Ref") {
      unk = true;
      continue;
    }
    const ob = ev.branches(opEntry.value, notes);
    if (ob.length !== 1 || !isMap(ob[0]?.node)) {
      unk = true;
      continue;
    }
    const opMap = ob[0].node;
    for (const ke of opMap.entries) {
      const key = scalarString(ke.key) ?? "";
      if (key.startsWith("Fn::") || key === "Ref") {
        unk = true;
        continue;
      }
      if (dropsBranch(ke.value, ev)) {
        unk = true;
        continue;
      }
      clauses.push({ operator, operatorNode: opEntry.key, key, keyNode: ke.key, values: ev.list(ke.value, []), node: ke.value });
    }
  }
  return { node: entry.value, clauses, unknown: unk };
}
function dropsBranch(n, ev) {
  if (ev.isNoValue(n)) return true;
  const e = singleKey(n);
  if (!ev.template || e?.key.value !== "Fn::If" || e.value.kind !== "seq") return false;
  return e.value.items.slice(1).some((b) => dropsBranch(b, ev));
}
function buildStatement(node, ev, path, notes) {
  const effectEntry = getCI(node, "Effect");
  let effect;
  if (effectEntry) {
    const vals = ev.str(effectEntry.value, notes);
    const s = vals.length === 1 && vals[0] ? known(vals[0]) : void 0;
    if (s === "Allow" || s === "Deny") effect = s;
  }
  const sidEntry = getCI(node, "Sid");
  return {
    node,
    path,
    sid: sidEntry && isScalar(sidEntry.value) ? scalarString(sidEntry.value) ?? void 0 : void 0,
    effect,
    action: field(getCI(node, "Action"), ev, notes),
    notAction: field(getCI(node, "NotAction"), ev, notes),
    resource: field(getCI(node, "Resource"), ev, notes),
    notResource: field(getCI(node, "NotResource"), ev, notes),
    principal: principalField(getCI(node, "Principal"), ev, notes),
    notPrincipal: principalField(getCI(node, "NotPrincipal"), ev, notes),
    condition: condition(getCI(node, "Condition"), ev, notes),
    notes
  };
}

// src/model/template-policies.ts
var RESOURCE_POLICY_PROPS = {
  "AWS::S3::BucketPolicy": "PolicyDocument",
  "AWS::SQS::QueuePolicy": "PolicyDocument",
  "AWS::SNS::TopicPolicy": "PolicyDocument",
  "AWS::KMS::Key": "KeyPolicy",
  "AWS::ECR::Repository": "RepositoryPolicyText",
  "AWS::SecretsManager::ResourcePolicy": "ResourcePolicy",
  "AWS::Logs::ResourcePolicy": "PolicyDocument",
  "AWS::OpenSearchService::Domain": "AccessPolicies",
  "AWS::Elasticsearch::Domain": "AccessPolicies",
  "AWS::S3::AccessPoint": "Policy",
  "AWS::EFS::FileSystem": "FileSystemPolicy"
};
var DOC_PROPS = {
  "AWS::IAM::Policy": "PolicyDocument",
  "AWS::IAM::ManagedPolicy": "PolicyDocument",
  "AWS::IAM::RolePolicy": "PolicyDocument",
  "AWS::IAM::UserPolicy": "PolicyDocument",
  "AWS::IAM::GroupPolicy": "PolicyDocument"
};
function inlinePolicies(r, ev, sites) {
  const pol = getEntry(r.properties, "Policies");
  if (!pol) return;
  for (const b of ev.branches(pol.value)) {
    asList(b.node).forEach((item, i) => {
      for (const ib of ev.branches(item)) {
        const doc = get(ib.node, "PolicyDocument");
        const name = get(ib.node, "PolicyName");
        const label = `inline policy${isString(name) ? ` '${name.value}'` : ""} of ${r.type} ${r.id}`;
        if (doc) sites.push({ kind: "identity", node: doc, path: `Properties.Policies[${i}].PolicyDocument`, label });
        else if (r.type.startsWith("AWS::Serverless::") && get(ib.node, "Statement"))
          sites.push({ kind: "identity", node: ib.node, path: `Properties.Policies[${i}]`, label: `inline policy of ${r.type} ${r.id}` });
      }
    });
  }
}
function templatePolicies(t, ev, embedded) {
  const out = [];
  for (const r of t.resources.values()) {
    const sites = [];
    const props = r.properties;
    if (!isMap(props)) continue;
    if (r.type === "AWS::IAM::Role" || r.type === "AWS::Serverless::Function" || r.type === "AWS::Serverless::StateMachine") {
      const trust = get(props, "AssumeRolePolicyDocument");
      if (trust) sites.push({ kind: "trust", node: trust, path: "Properties.AssumeRolePolicyDocument", label: `trust policy of ${r.type} ${r.id}` });
      inlinePolicies(r, ev, sites);
    } else if (r.type === "AWS::IAM::User" || r.type === "AWS::IAM::Group") {
      inlinePolicies(r, ev, sites);
    } else if (DOC_PROPS[r.type]) {
      const prop = DOC_PROPS[r.type];
      const doc = get(props, prop);
      if (doc) sites.push({ kind: "identity", node: doc, path: `Properties.${prop}`, label: `${r.type} ${r.id}` });
    } else if (RESOURCE_POLICY_PROPS[r.type]) {
      const prop = RESOURCE_POLICY_PROPS[r.type];
      const doc = get(props, prop);
      if (doc) sites.push({ kind: "resource", node: doc, path: `Properties.${prop}`, label: `resource policy of ${r.type} ${r.id}` });
    }
    for (const s of sites) {
      let node = s.node;
      if (isString(node)) {
        const parsed = embedded(node.value, node);
        if (!parsed) continue;
        node = parsed;
      }
      out.push(buildPolicy(node, ev, s.kind, { resource: r.id, resourceType: r.type, path: s.path, label: s.label }));
    }
  }
  return out;
}

// src/loaders/json.ts
function parseJson(text) {
  const p = new JsonParser(text);
  p.ws();
  const v = p.value(0);
  p.ws();
  if (p.i < text.length) throw new InputError(`Unexpected ${describe(text, p.i)} after the JSON value`, p.i);
  return v;
}
function describe(text, i) {
  if (i >= text.length) return "end of input";
  const c = text[i] ?? "";
  return /[\x20-\x7e]/.test(c) ? `'${c}'` : `character U+${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}
var ESC = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "	" };
var NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
var JsonParser = class {
  constructor(t) {
    this.t = t;
  }
  t;
  i = 0;
  ws() {
    const t = this.t;
    for (; ; ) {
      const c = t.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        this.i++;
      } else if (c === 47) {
        const n = t.charCodeAt(this.i + 1);
        if (n === 47) {
          while (this.i < t.length && t.charCodeAt(this.i) !== 10) this.i++;
        } else if (n === 42) {
          const end = t.indexOf("*/", this.i + 2);
          if (end < 0) throw new InputError("Unterminated comment", this.i);
          this.i = end + 2;
        } else {
          return;
        }
      } else {
        return;
      }
    }
  }
  value(depth) {
    if (depth > MAX_DEPTH) throw new InputError(`Nesting deeper than ${MAX_DEPTH} levels`, this.i);
    const t = this.t;
    const c = t[this.i];
    const start = this.i;
    switch (c) {
      case "{":
        return this.object(depth);
      case "[":
        return this.array(depth);
      case '"':
        return this.string();
      case "t":
        return this.word("true", true, start);
      case "f":
        return this.word("false", false, start);
      case "n":
        return this.word("null", null, start);
      default: {
        NUMBER.lastIndex = this.i;
        const m = NUMBER.exec(t);
        if (m && m[0].length > 0) {
          this.i += m[0].length;
          return { kind: "scalar", range: { start, end: this.i }, value: Number(m[0]) };
        }
        throw new InputError(`Unexpected ${describe(t, this.i)}, expected a JSON value`, this.i);
      }
    }
  }
  word(w2, value, start) {
    if (!this.t.startsWith(w2, this.i)) throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected a JSON value`, this.i);
    this.i += w2.length;
    return { kind: "scalar", range: { start, end: this.i }, value };
  }
  string() {
    const t = this.t;
    const start = this.i;
    let i = this.i + 1;
    let out = "";
    let chunk = i;
    for (; ; ) {
      const c = t.charCodeAt(i);
      if (Number.isNaN(c)) throw new InputError("Unterminated string", start);
      if (c === 34) break;
      if (c < 32) throw new InputError("Control character in string (escape it)", i);
      if (c === 92) {
        out += t.slice(chunk, i);
        const e = t[i + 1] ?? "";
        if (e === "u") {
          const hex = t.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new InputError("Invalid \\u escape", i);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const r = ESC[e];
          if (r === void 0) throw new InputError(`Invalid escape '\\${e}'`, i);
          out += r;
          i += 2;
        }
        chunk = i;
        continue;
      }
      i++;
    }
    out += t.slice(chunk, i);
    this.i = i + 1;
    return { kind: "scalar", range: { start, end: this.i }, value: out };
  }
  object(depth) {
    const start = this.i;
    this.i++;
    const entries = [];
    this.ws();
    if (this.t[this.i] === "}") {
      this.i++;
      return { kind: "map", range: { start, end: this.i }, entries };
    }
    for (; ; ) {
      this.ws();
      if (this.t[this.i] !== '"') throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected a property name in double quotes`, this.i);
      const key = this.string();
      this.ws();
      if (this.t[this.i] !== ":") throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected ':'`, this.i);
      this.i++;
      this.ws();
      const value = this.value(depth + 1);
      entries.push({ key, value });
      this.ws();
      const c = this.t[this.i];
      if (c === ",") {
        this.i++;
        continue;
      }
      if (c === "}") {
        this.i++;
        return { kind: "map", range: { start, end: this.i }, entries };
      }
      throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected ',' or '}'`, this.i);
    }
  }
  array(depth) {
    const start = this.i;
    this.i++;
    const items = [];
    this.ws();
    if (this.t[this.i] === "]") {
      this.i++;
      return { kind: "seq", range: { start, end: this.i }, items };
    }
    for (; ; ) {
      this.ws();
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.t[this.i];
      if (c === ",") {
        this.i++;
        continue;
      }
      if (c === "]") {
        this.i++;
        return { kind: "seq", range: { start, end: this.i }, items };
      }
      throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected ',' or ']'`, this.i);
    }
  }
};

// src/loaders/embedded.ts
function urlDecodeWithMap(s) {
  let text = "";
  const map2 = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === "%" && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      const start = i;
      const bytes = [];
      while (s[i] === "%" && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
        bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
        i += 3;
        const lead = bytes[0] ?? 0;
        const need = lead < 128 ? 1 : lead >= 240 ? 4 : lead >= 224 ? 3 : 2;
        if (bytes.length >= need) break;
      }
      const ch = Buffer.from(bytes).toString("utf8");
      for (let k = 0; k < ch.length; k++) {
        text += ch[k];
        map2.push(start);
      }
    } else {
      text += s[i];
      map2.push(i);
      i++;
    }
  }
  map2.push(s.length);
  return { text, map: map2 };
}
function remap(n, toSource) {
  const range = { start: toSource(n.range.start), end: toSource(n.range.end) };
  switch (n.kind) {
    case "scalar":
      return { ...n, range };
    case "seq":
      return { kind: "seq", range, items: n.items.map((i) => remap(i, toSource)) };
    case "map":
      return {
        kind: "map",
        range,
        entries: n.entries.map((e) => ({ key: remap(e.key, toSource), value: remap(e.value, toSource) }))
      };
  }
}
function parseEmbeddedJson(value, node, sourceText) {
  const trimmed = value.trimStart();
  const encoded = trimmed.startsWith("%7B") || trimmed.startsWith("%7b");
  if (!encoded && !trimmed.startsWith("{")) return void 0;
  let text = value;
  let map2;
  if (encoded) ({ text, map: map2 } = urlDecodeWithMap(value));
  let tree;
  try {
    tree = parseJson(text);
  } catch (e) {
    if (e instanceof InputError) return void 0;
    throw e;
  }
  const raw = sourceText.slice(node.range.start, node.range.end);
  const quote = raw[0] === '"' || raw[0] === "'" ? 1 : 0;
  const exact = raw.slice(quote, raw.length - quote) === value;
  const base = node.range.start + quote;
  if (!exact) return mapAll(tree, node.range);
  return remap(tree, (o) => base + (map2 ? map2[o] ?? value.length : o));
}
function mapAll(n, range) {
  switch (n.kind) {
    case "scalar":
      return { ...n, range };
    case "seq":
      return { kind: "seq", range, items: n.items.map((i) => mapAll(i, range)) };
    case "map":
      return { kind: "map", range, entries: n.entries.map((e) => ({ key: mapAll(e.key, range), value: mapAll(e.value, range) })) };
  }
}

// src/loaders/policy-file.ts
var ASSUME = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"];
function isPolicyNode(n) {
  const st = getCI(n, "Statement");
  return !!st && (isSeq(st.value) || isMap(st.value));
}
function documentKind(doc) {
  const withPrincipal = doc.statements.filter((s) => s.principal || s.notPrincipal);
  if (withPrincipal.length === 0) return "identity";
  if (withPrincipal.some(
    (s) => s.action && s.action.values.length > 0 && grantsAnyAction(s, ASSUME).granted === true && !s.action.values.some((v) => v.parts[0] === "*")
  ))
    return "trust";
  return "resource";
}
var WRAPPER_KEYS = {
  AssumeRolePolicyDocument: "trust",
  PolicyDocument: void 0,
  Document: void 0
};
function filePolicies(root, ev, embedded) {
  const out = [];
  const visit = (n, path, depth, forced) => {
    if (depth > 8) return;
    let node = n;
    if (isString(n) && forced !== void 0) {
      const parsed = embedded(n.value, n);
      if (!parsed) return;
      node = parsed;
    }
    if (isPolicyNode(node)) {
      const probe = buildPolicy(node, ev, "identity", { path, label: path ? `policy at ${path}` : "policy" });
      const kind = forced === "trust" ? "trust" : documentKind(probe);
      out.push({ ...probe, kind });
      return;
    }
    if (isMap(node)) {
      for (const e of node.entries) {
        const k = String(e.key.value);
        const wrapped = k in WRAPPER_KEYS;
        const kind = WRAPPER_KEYS[k];
        visit(e.value, path ? `${path}.${k}` : k, depth + 1, wrapped ? kind ?? "identity" : void 0);
      }
    } else if (isSeq(node)) {
      asList(node).forEach((item, i) => visit(item, `${path}[${i}]`, depth + 1, forced));
    }
  };
  visit(root, "", 0, void 0);
  return out;
}

// src/loaders/typescript.ts
import { createRequire } from "node:module";

// src/model/code.ts
var CodeEvaluator = class extends Evaluator {
  constructor(symbolic) {
    super(void 0);
    this.symbolic = symbolic;
  }
  symbolic;
  str(n, notes = []) {
    const parts = this.symbolic.get(n);
    return parts ? [{ node: n, parts, notes }] : super.str(n, notes);
  }
};
var UNKNOWN_KEY = "Fn::Unknown";

// src/loaders/code/scope.ts
function moduleOf(src) {
  if (src === "aws-cdk-lib") return { module: "cdk" };
  if (src === "aws-cdk-lib/core" || src === "@aws-cdk/core") return { module: "core" };
  const m = /^(?:aws-cdk-lib\/|@aws-cdk\/)aws-(iam|ec2)$/.exec(src);
  if (m) return { module: m[1] };
  if (src.startsWith("@aws-sdk/")) return { module: "sdk3" };
  if (src === "aws-sdk" || src === "aws-sdk/global" || src === "aws-sdk/lib/core") return { module: "sdk2" };
  const c = /^aws-sdk\/clients\/([a-z0-9]+)$/.exec(src);
  if (c) return { module: "sdk2", name: `clients.${c[1]}` };
  return void 0;
}
function member(r, prop) {
  if (r.name !== void 0) return { module: r.module, name: `${r.name}.${prop}` };
  if (r.module === "cdk") {
    const m = /^aws_(iam|ec2)$/.exec(prop);
    return m ? { module: m[1] } : { module: "core", name: prop };
  }
  return { module: r.module, name: prop };
}
var SKIP = /* @__PURE__ */ new Set([
  "parent",
  "range",
  "loc",
  "tokens",
  "comments",
  "typeAnnotation",
  "returnType",
  "typeParameters",
  "typeArguments",
  "superTypeArguments",
  "decorators"
]);
function isNode(v) {
  return typeof v === "object" && v !== null && typeof v.type === "string";
}
function children(n) {
  const out = [];
  const rec = n;
  for (const key in rec) {
    if (SKIP.has(key)) continue;
    const v = rec[key];
    if (Array.isArray(v)) {
      for (const item of v) if (isNode(item)) out.push(item);
    } else if (isNode(v)) out.push(v);
  }
  return out;
}
function unwrap(e) {
  let n = e;
  for (; ; ) {
    if (n.type === "TSAsExpression" || n.type === "TSSatisfiesExpression" || n.type === "TSNonNullExpression" || n.type === "TSTypeAssertion") n = n.expression;
    else if (n.type === "ChainExpression") n = n.expression;
    else return n;
  }
}
function propName(m) {
  if (!m.computed && m.property.type === "Identifier") return m.property.name;
  if (m.property.type === "Literal" && typeof m.property.value === "string") return m.property.value;
  return void 0;
}
function staticKey(p) {
  if (!p.computed && p.key.type === "Identifier") return p.key.name;
  if (p.key.type === "Literal" && (typeof p.key.value === "string" || typeof p.key.value === "number")) return String(p.key.value);
  return void 0;
}
function bindingKey(e) {
  const n = unwrap(e);
  if (n.type === "Identifier") return n.name;
  if (n.type === "MemberExpression" && unwrap(n.object).type === "ThisExpression") {
    const p = propName(n);
    return p === void 0 ? void 0 : `this.${p}`;
  }
  return void 0;
}
var Scope = class {
  parents = /* @__PURE__ */ new WeakMap();
  news = [];
  calls = [];
  assignments = [];
  strings = [];
  /** Every identifier and `this.x` used as a value, by binding key: to tell whether a statement escapes. */
  references = /* @__PURE__ */ new Map();
  /** `this` inside a class that extends a `...Stack`: `this.account` is the stack's account. */
  stackThis = /* @__PURE__ */ new WeakSet();
  imports = /* @__PURE__ */ new Map();
  bindings = /* @__PURE__ */ new Map();
  inits = /* @__PURE__ */ new Map();
  assigned = /* @__PURE__ */ new Set();
  constructor(program) {
    this.walk(program, []);
  }
  /** The value a name or `this.x` stands for, when it is bound once and never reassigned. */
  init(key) {
    if (this.imports.has(key) || this.assigned.has(key) || this.bindings.get(key) !== 1) return void 0;
    return this.inits.get(key);
  }
  /** Which known module member an expression names, following imports, `require` and bindings. */
  ref(e, depth = 0) {
    if (depth > 16) return void 0;
    const n = unwrap(e);
    if (n.type === "Identifier") {
      const imp = this.imports.get(n.name);
      if (imp) return this.bindings.get(n.name) === 1 ? imp : void 0;
      const i = this.init(n.name);
      return i ? this.ref(i, depth + 1) : void 0;
    }
    if (n.type === "MemberExpression") {
      const p = propName(n);
      if (p === void 0) return void 0;
      const o = this.ref(n.object, depth + 1);
      return o ? member(o, p) : void 0;
    }
    return void 0;
  }
  bind(key, init) {
    this.bindings.set(key, (this.bindings.get(key) ?? 0) + 1);
    if (init) this.inits.set(key, init);
  }
  bindPattern(p, init) {
    if (!p) return;
    switch (p.type) {
      case "Identifier":
        this.bind(p.name, init);
        break;
      case "ObjectPattern":
        for (const prop of p.properties) {
          if (prop.type === "RestElement") this.bindPattern(prop.argument, void 0);
          else this.bindPattern(prop.value, void 0);
        }
        break;
      case "ArrayPattern":
        for (const el of p.elements) this.bindPattern(el, void 0);
        break;
      case "RestElement":
        this.bindPattern(p.argument, void 0);
        break;
      case "AssignmentPattern":
        this.bindPattern(p.left, void 0);
        break;
      case "TSParameterProperty":
        this.bindPattern(p.parameter, void 0);
        break;
      default:
        break;
    }
  }
  importBinding(local, r) {
    this.bind(local, void 0);
    if (r) this.imports.set(local, r);
  }
  assignTarget(t) {
    const key = bindingKey(t);
    if (key !== void 0) this.assigned.add(key);
    else if (t.type === "ObjectPattern" || t.type === "ArrayPattern") {
      const names = [];
      const collect = (p) => {
        if (!p) return;
        if (p.type === "Identifier") names.push(p.name);
        else if (p.type === "ObjectPattern") p.properties.forEach((q) => collect(q.type === "RestElement" ? q.argument : q.value));
        else if (p.type === "ArrayPattern") p.elements.forEach(collect);
        else if (p.type === "AssignmentPattern") collect(p.left);
        else if (p.type === "RestElement") collect(p.argument);
      };
      collect(t);
      for (const n of names) this.assigned.add(n);
    }
  }
  declare(n) {
    switch (n.type) {
      case "ImportDeclaration": {
        const mod = moduleOf(n.source.value);
        for (const s of n.specifiers) {
          if (s.type === "ImportNamespaceSpecifier" || s.type === "ImportDefaultSpecifier") this.importBinding(s.local.name, mod);
          else {
            const imported = s.imported.type === "Identifier" ? s.imported.name : String(s.imported.value);
            this.importBinding(s.local.name, mod ? member(mod, imported) : void 0);
          }
        }
        break;
      }
      case "VariableDeclarator": {
        const init = n.init ?? void 0;
        const req = init && unwrap(init).type === "CallExpression" ? requiredModule(unwrap(init)) : void 0;
        if (req !== void 0) {
          const mod = moduleOf(req);
          if (n.id.type === "Identifier") this.importBinding(n.id.name, mod);
          else if (n.id.type === "ObjectPattern") {
            for (const p of n.id.properties) {
              if (p.type === "Property" && p.value.type === "Identifier") {
                const k = staticKey(p);
                this.importBinding(p.value.name, mod && k !== void 0 ? member(mod, k) : void 0);
              } else this.bindPattern(p.type === "RestElement" ? p.argument : p.value, void 0);
            }
          } else this.bindPattern(n.id, void 0);
        } else if (n.id.type === "Identifier") {
          this.bind(n.id.name, init);
        } else {
          this.bindPattern(n.id, void 0);
        }
        break;
      }
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
      case "TSDeclareFunction":
        if (n.type === "FunctionDeclaration" && n.id) this.bind(n.id.name, void 0);
        for (const p of n.params) this.bindPattern(p, void 0);
        break;
      case "ClassDeclaration":
        if (n.id) this.bind(n.id.name, void 0);
        break;
      case "CatchClause":
        this.bindPattern(n.param, void 0);
        break;
      case "PropertyDefinition": {
        const k = staticKey(n);
        if (k !== void 0 && !n.static && n.value) this.bind(`this.${k}`, n.value);
        break;
      }
      case "AssignmentExpression": {
        const key = bindingKey(n.left);
        if (key?.startsWith("this.") && n.operator === "=") this.bind(key, n.right);
        else this.assignTarget(n.left);
        this.assignments.push(n);
        break;
      }
      case "UpdateExpression":
        this.assignTarget(n.argument);
        break;
      case "ForInStatement":
      case "ForOfStatement":
        if (n.left.type !== "VariableDeclaration") this.assignTarget(n.left);
        break;
      default:
        break;
    }
  }
  /** Depth-first, with an explicit stack: generated code nests deeper than the call stack allows. */
  walk(program, rootClasses) {
    const stack = [{ n: program, classes: rootClasses }];
    for (let item = stack.pop(); item; item = stack.pop()) {
      const { n, classes } = item;
      this.declare(n);
      let inner = classes;
      switch (n.type) {
        case "NewExpression":
          this.news.push(n);
          break;
        case "CallExpression":
          this.calls.push(n);
          break;
        case "Literal":
          if (typeof n.value === "string") this.strings.push(n);
          break;
        case "TemplateLiteral":
          this.strings.push(n);
          break;
        case "ClassDeclaration":
        case "ClassExpression":
          inner = [...classes, !!n.superClass && /Stack$/.test(superName(n.superClass) ?? "")];
          break;
        case "FunctionDeclaration":
        case "FunctionExpression":
          if (this.parents.get(n)?.type !== "MethodDefinition") inner = [...classes, false];
          break;
        case "ThisExpression":
          if (classes[classes.length - 1]) this.stackThis.add(n);
          break;
        default:
          break;
      }
      const key = n.type === "Identifier" || n.type === "MemberExpression" ? bindingKey(n) : void 0;
      if (key !== void 0 && isReference(n, this.parents.get(n))) {
        const list = this.references.get(key);
        if (list) list.push(n);
        else this.references.set(key, [n]);
      }
      const kids = children(n);
      for (let i = kids.length - 1; i >= 0; i--) {
        const c = kids[i];
        this.parents.set(c, n);
        stack.push({ n: c, classes: inner });
      }
    }
  }
};
function isReference(n, parent) {
  if (!parent) return true;
  switch (parent.type) {
    case "MemberExpression":
      return parent.object === n || parent.computed;
    case "Property":
    case "PropertyDefinition":
    case "MethodDefinition":
      return parent.value === n || parent.key === n && parent.computed;
    case "VariableDeclarator":
      return parent.init === n;
    case "AssignmentExpression":
      return parent.right === n;
    case "ImportSpecifier":
    case "ImportDefaultSpecifier":
    case "ImportNamespaceSpecifier":
    case "ClassDeclaration":
    case "FunctionDeclaration":
    case "LabeledStatement":
    case "BreakStatement":
    case "ContinueStatement":
      return false;
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      return parent.body === n;
    default:
      return true;
  }
}
function superName(e) {
  const n = unwrap(e);
  if (n.type === "Identifier") return n.name;
  if (n.type === "MemberExpression") return propName(n);
  return void 0;
}
function requiredModule(c) {
  if (c.callee.type !== "Identifier" || c.callee.name !== "require") return void 0;
  const a = c.arguments[0];
  return a?.type === "Literal" && typeof a.value === "string" ? a.value : void 0;
}

// src/loaders/code/values.ts
var ACCOUNT = { sym: "account" };
var PARTITION = { sym: "partition" };
var REGION = { sym: "region" };
var STACK_PROPS = {
  account: ACCOUNT,
  partition: PARTITION,
  region: REGION,
  urlSuffix: { sym: "urlSuffix" },
  stackName: { sym: "stackName" }
};
var AWS_PSEUDO = { ACCOUNT_ID: ACCOUNT, PARTITION, REGION, URL_SUFFIX: { sym: "urlSuffix" }, STACK_NAME: { sym: "stackName" } };
var ARN_ATTRIBUTES = {
  roleArn: "AWS::IAM::Role",
  userArn: "AWS::IAM::User",
  groupArn: "AWS::IAM::Group",
  managedPolicyArn: "AWS::IAM::ManagedPolicy",
  instanceProfileArn: "AWS::IAM::InstanceProfile",
  openIdConnectProviderArn: "AWS::IAM::OIDCProvider",
  samlProviderArn: "AWS::IAM::SAMLProvider",
  bucketArn: "AWS::S3::Bucket",
  functionArn: "AWS::Lambda::Function",
  tableArn: "AWS::DynamoDB::Table",
  topicArn: "AWS::SNS::Topic",
  queueArn: "AWS::SQS::Queue",
  keyArn: "AWS::KMS::Key",
  secretArn: "AWS::SecretsManager::Secret",
  stateMachineArn: "AWS::StepFunctions::StateMachine",
  streamArn: "AWS::Kinesis::Stream",
  logGroupArn: "AWS::Logs::LogGroup",
  repositoryArn: "AWS::ECR::Repository",
  clusterArn: "AWS::ECS::Cluster",
  parameterArn: "AWS::SSM::Parameter"
};
var MAX_DEPTH2 = 24;
function rangeOf(n) {
  return { start: n.range[0], end: n.range[1] };
}
var Values = class {
  constructor(scope, hooks = {}) {
    this.scope = scope;
    this.hooks = hooks;
  }
  scope;
  hooks;
  /** Parts of scalars whose value code computes; read by CodeEvaluator. */
  symbolic = /* @__PURE__ */ new WeakMap();
  scalar(range, value, text) {
    return text === void 0 ? { kind: "scalar", range, value } : { kind: "scalar", range, value, text };
  }
  /** A scalar for a computed value: a plain string scalar when every part is known. */
  symbolicScalar(range, parts) {
    const merged = mergeParts(parts);
    if (merged.length === 1 && typeof merged[0] === "string") return this.scalar(range, merged[0]);
    const s = { kind: "scalar", range, value: null };
    this.symbolic.set(s, merged);
    return s;
  }
  unknown(range) {
    return this.symbolicScalar(range, [UNKNOWN]);
  }
  /** Follows a name (or `this.x`) bound once to its value; undefined otherwise. */
  follow(e) {
    const key = bindingKey(e);
    return key === void 0 ? void 0 : this.scope.init(key);
  }
  /** The expression a value comes from, through bindings (`const x = [...]; f(x)` → the array). */
  resolve(e, depth = 0) {
    let n = unwrap(e);
    for (let d = depth; d < MAX_DEPTH2; d++) {
      const next = this.follow(n);
      if (!next) return n;
      n = unwrap(next);
    }
    return n;
  }
  /** An expression as a tree; `at` overrides every range (the use site of a followed name). */
  node(e, at, depth = 0) {
    const n = unwrap(e);
    const range = at ?? rangeOf(n);
    if (depth > MAX_DEPTH2) return this.unknown(range);
    switch (n.type) {
      case "Literal":
        if (typeof n.value === "string" || typeof n.value === "boolean" || n.value === null) return this.scalar(range, n.value);
        if (typeof n.value === "number") return this.scalar(range, n.value, n.raw);
        return this.unknown(range);
      case "ArrayExpression": {
        const items = [];
        for (const el of n.elements) {
          if (!el) continue;
          if (el.type === "SpreadElement") {
            const target = this.resolve(el.argument, depth + 1);
            if (target.type === "ArrayExpression") {
              const inner = this.node(target, at ?? rangeOf(el), depth + 1);
              if (inner.kind === "seq") items.push(...inner.items);
              continue;
            }
            items.push(this.unknown(at ?? rangeOf(el)));
            continue;
          }
          items.push(this.node(el, at, depth + 1));
        }
        return { kind: "seq", range, items };
      }
      case "ObjectExpression":
        return { kind: "map", range, entries: this.entries(n, at, depth) };
      case "Identifier":
      case "MemberExpression": {
        const next = this.follow(n);
        if (next) return this.node(next, range, depth + 1);
        if (n.type === "MemberExpression") {
          const obj = this.resolve(n.object, depth + 1);
          const p = propName(n) ?? (n.computed && n.property.type === "Literal" && typeof n.property.value === "number" ? String(n.property.value) : void 0);
          if (p !== void 0 && obj.type === "ObjectExpression") {
            const prop = findProperty(obj, p);
            if (prop) return this.node(prop, range, depth + 1);
          }
          if (p !== void 0 && obj.type === "ArrayExpression" && /^\d+$/.test(p)) {
            const el = obj.elements[Number(p)];
            if (el && el.type !== "SpreadElement") return this.node(el, range, depth + 1);
          }
        }
        return this.symbolicScalar(range, this.parts(n, depth));
      }
      default:
        return this.symbolicScalar(range, this.parts(n, depth));
    }
  }
  entries(o, at, depth) {
    const out = [];
    for (const p of o.properties) {
      if (p.type === "SpreadElement") {
        const target = this.resolve(p.argument, depth + 1);
        if (target.type === "ObjectExpression") out.push(...this.entries(target, at ?? rangeOf(p), depth + 1));
        else out.push({ key: this.scalar(at ?? rangeOf(p), UNKNOWN_KEY), value: this.unknown(at ?? rangeOf(p)) });
        continue;
      }
      if (p.kind !== "init" || p.method) continue;
      const keyRange = at ?? rangeOf(p.key);
      let key = staticKey(p);
      if (key === void 0) {
        const kp = mergeParts(this.parts(p.key, depth + 1));
        key = kp.length === 1 && typeof kp[0] === "string" ? kp[0] : UNKNOWN_KEY;
      }
      out.push({ key: this.scalar(keyRange, key), value: this.node(p.value, at, depth + 1) });
    }
    return out;
  }
  /** A string value as literal text and symbols; Unknown where code computes what we cannot know. */
  parts(e, depth = 0) {
    const n = unwrap(e);
    if (depth > MAX_DEPTH2) return [UNKNOWN];
    switch (n.type) {
      case "Literal":
        if (typeof n.value === "string") return [n.value];
        if (typeof n.value === "number") return [n.raw];
        if (typeof n.value === "boolean") return [String(n.value)];
        return [UNKNOWN];
      case "TemplateLiteral": {
        const out = [];
        n.quasis.forEach((q, i) => {
          out.push(q.value.cooked ?? q.value.raw);
          const ex = n.expressions[i];
          if (ex) out.push(...this.parts(ex, depth + 1));
        });
        return mergeParts(out);
      }
      case "BinaryExpression":
        if (n.operator === "+") return mergeParts([...this.parts(n.left, depth + 1), ...this.parts(n.right, depth + 1)]);
        return [UNKNOWN];
      case "Identifier": {
        const next = this.follow(n);
        return next ? this.parts(next, depth + 1) : [UNKNOWN];
      }
      case "MemberExpression":
        return this.memberParts(n, depth);
      default:
        return [UNKNOWN];
    }
  }
  memberParts(m, depth) {
    const next = this.follow(m);
    if (next) return this.parts(next, depth + 1);
    const p = propName(m);
    if (p === void 0) return [UNKNOWN];
    const hooked = this.hooks.memberParts?.(m, depth);
    if (hooked) return hooked;
    const obj = unwrap(m.object);
    const ref = this.scope.ref(m);
    if (ref?.module === "core" && ref.name?.startsWith("Aws.")) return [AWS_PSEUDO[ref.name.slice(4)] ?? UNKNOWN];
    const stackProp = STACK_PROPS[p];
    if (stackProp) {
      if (obj.type === "ThisExpression" && this.scope.stackThis.has(obj)) return [stackProp];
      if (obj.type === "CallExpression" && this.scope.ref(obj.callee)?.name === "Stack.of") return [stackProp];
      const bound = this.resolve(obj, depth + 1);
      if (bound.type === "CallExpression" && this.scope.ref(bound.callee)?.name === "Stack.of") return [stackProp];
    }
    const target = this.resolve(obj, depth + 1);
    if (target.type === "ObjectExpression") {
      const prop = findProperty(target, p);
      return prop ? this.parts(prop, depth + 1) : [UNKNOWN];
    }
    const type2 = ARN_ATTRIBUTES[p];
    if (type2 !== void 0 || /Arn$/.test(p)) {
      return [{ sym: "resource", resource: this.text(obj), type: type2 ?? `(${p})`, attr: "Arn" }];
    }
    return [UNKNOWN];
  }
  /** A short, stable name for an expression in messages: `this.role`, `props.role`, `role`. */
  text(e) {
    const n = unwrap(e);
    if (n.type === "Identifier") return n.name;
    if (n.type === "ThisExpression") return "this";
    if (n.type === "MemberExpression") {
      const p = propName(n);
      return p === void 0 ? `${this.text(n.object)}[…]` : `${this.text(n.object)}.${p}`;
    }
    if (n.type === "CallExpression") return `${this.text(n.callee)}(…)`;
    if (n.type === "NewExpression") return `new ${this.text(n.callee)}(…)`;
    return "…";
  }
};
function findProperty(o, key) {
  let found;
  for (const p of o.properties) {
    if (p.type === "Property" && p.kind === "init" && staticKey(p) === key) found = p.value;
    else if (p.type === "SpreadElement") found = void 0;
  }
  return found;
}
function findPropertyNode(o, key) {
  let found;
  for (const p of o.properties) if (p.type === "Property" && p.kind === "init" && staticKey(p) === key) found = p;
  return found;
}

// src/loaders/code/cdk-ec2.ts
function rangeOf2(n) {
  return { start: n.range[0], end: n.range[1] };
}
var CodeSpec = class {
  constructor(kind, label, resource, path, anchor, values) {
    this.kind = kind;
    this.label = label;
    this.resource = resource;
    this.path = path;
    this.anchor = anchor;
    this.values = values;
  }
  kind;
  label;
  resource;
  path;
  anchor;
  values;
  hasMetadataOptions = true;
  metadataOptions = void 0;
  profile = void 0;
  userData = void 0;
  launchTemplate = void 0;
  usedBy = [];
  setting(field2) {
    const v = this.values[field2];
    return [{ value: v.value, at: v.at, notes: [], from: this }];
  }
};
function cdkLaunch(scope, v) {
  const ec2 = (e) => {
    const r = scope.ref(e);
    return r?.module === "ec2" ? r.name : void 0;
  };
  const news = scope.news.filter((n) => {
    const name = ec2(n.callee);
    return name === "Instance" || name === "LaunchTemplate" || name === "CfnLaunchTemplate";
  });
  if (news.length === 0) return NO_LAUNCH;
  const aspects = new Set(scope.news.map((n) => ec2(n.callee)).filter((n) => n === "InstanceRequireImdsv2Aspect" || n === "LaunchTemplateRequireImdsv2Aspect"));
  const specs = [];
  for (const n of news) {
    const name = ec2(n.callee);
    const a1 = n.arguments[1];
    const id = a1?.type === "Literal" && typeof a1.value === "string" ? a1.value : void 0;
    const anchor = v.scalar({ start: n.range[0], end: n.callee.range[1] }, id ?? name);
    const kind = name === "Instance" ? "instance" : "launchTemplate";
    const type2 = name === "Instance" ? "AWS::EC2::Instance" : "AWS::EC2::LaunchTemplate";
    const label = `${kind === "instance" ? "instance" : "launch template"} ${id ?? "(unnamed)"}`;
    const resource = id ? {
      id,
      type: type2,
      node: { kind: "map", range: rangeOf2(n), entries: [] },
      keyNode: v.scalar(rangeOf2(a1), id),
      properties: void 0,
      metadata: void 0
    } : void 0;
    const propsArg = n.arguments[2];
    const props = propsArg && propsArg.type !== "SpreadElement" ? v.resolve(propsArg) : void 0;
    const unknownAll = {
      tokens: { value: null, at: anchor },
      endpoint: { value: null, at: anchor },
      hopLimit: { value: null, at: anchor }
    };
    if (props && props.type !== "ObjectExpression") {
      specs.push(new CodeSpec(kind, label, resource, "props", anchor, unknownAll));
      continue;
    }
    const read = (obj, key, map2) => {
      const p = obj ? findPropertyNode(obj, key) : void 0;
      if (obj && !p && obj.properties.some((q) => q.type === "SpreadElement")) return { value: null, at: anchor };
      if (!p) return { value: void 0, at: anchor };
      const e = unwrap(p.value);
      const member2 = e.type === "MemberExpression" ? propName(e) : void 0;
      const parts = v.parts(e);
      const text = member2 && scope.ref(e)?.module === "ec2" ? member2 : parts.length === 1 && typeof parts[0] === "string" ? parts[0] : void 0;
      return { value: text === void 0 ? null : map2(text) ?? null, at: v.node(p.value) };
    };
    let values;
    if (name === "CfnLaunchTemplate") {
      const data = props ? findProperty(props, "launchTemplateData") : void 0;
      const dataObj = data ? v.resolve(data) : void 0;
      const mo = dataObj?.type === "ObjectExpression" ? findProperty(dataObj, "metadataOptions") : void 0;
      const moObj = mo ? v.resolve(mo) : void 0;
      if (data && dataObj?.type !== "ObjectExpression" || mo && moObj?.type !== "ObjectExpression") {
        specs.push(new CodeSpec(kind, label, resource, "launchTemplateData", anchor, unknownAll));
        continue;
      }
      const o = moObj?.type === "ObjectExpression" ? moObj : void 0;
      values = { tokens: read(o, "httpTokens", (s) => s), endpoint: read(o, "httpEndpoint", (s) => s), hopLimit: read(o, "httpPutResponseHopLimit", (s) => s) };
    } else {
      const o = props?.type === "ObjectExpression" ? props : void 0;
      const require2 = read(o, "requireImdsv2", (s) => s === "true" ? "required" : s === "false" ? "unset" : void 0);
      const tokens = read(o, "httpTokens", (s) => s.toLowerCase());
      let t = require2.value === "required" ? require2 : tokens.value !== void 0 ? tokens : require2.value === "unset" ? { value: void 0, at: require2.at } : require2;
      const aspect = aspects.has(kind === "instance" ? "InstanceRequireImdsv2Aspect" : "LaunchTemplateRequireImdsv2Aspect");
      if (t.value === void 0 && aspect) t = { value: "required", at: anchor };
      if (t.value === void 0 && o && amazonLinux2023(o, scope, v)) t = { value: null, at: anchor };
      values = {
        tokens: t,
        endpoint: read(o, "httpEndpoint", (s) => s === "true" ? "enabled" : s === "false" ? "disabled" : void 0),
        hopLimit: read(o, "httpPutResponseHopLimit", (s) => s)
      };
    }
    specs.push(new CodeSpec(kind, label, resource, name === "CfnLaunchTemplate" ? "launchTemplateData" : "props", anchor, values));
  }
  return { specs, profiles: [] };
}
function amazonLinux2023(o, scope, v) {
  const img = findProperty(o, "machineImage");
  if (!img) return false;
  const n = v.resolve(img);
  if (n.type !== "CallExpression" && n.type !== "NewExpression") return false;
  const name = scope.ref(n.callee)?.name ?? "";
  if (name === "MachineImage.latestAmazonLinux2023" || name === "AmazonLinux2023ImageSsmParameter" || name === "AmazonLinux2023Image") return true;
  const arg = n.arguments[0];
  const props = arg && arg.type !== "SpreadElement" ? v.resolve(arg) : void 0;
  const gen = props?.type === "ObjectExpression" ? findProperty(props, "generation") : void 0;
  const genName = gen ? scope.ref(gen)?.name : void 0;
  return genName === "AmazonLinuxGeneration.AMAZON_LINUX_2023";
}

// src/loaders/code/cdk-iam.ts
var ASSUME2 = "sts:AssumeRole";
var WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
var SAML = "sts:AssumeRoleWithSAML";
var IDENTITY_SINKS = /* @__PURE__ */ new Set(["addToPolicy", "addToPrincipalPolicy", "addToRolePolicy"]);
var STATEMENT_MUTATORS = /* @__PURE__ */ new Set([
  "addActions",
  "addNotActions",
  "addResources",
  "addNotResources",
  "addAllResources",
  "addPrincipals",
  "addNotPrincipals",
  "addAnyPrincipal",
  "addArnPrincipal",
  "addAwsAccountPrincipal",
  "addAccountRootPrincipal",
  "addServicePrincipal",
  "addFederatedPrincipal",
  "addCanonicalUserPrincipal",
  "addCondition",
  "addConditions",
  "addAccountCondition",
  "addSourceAccountCondition",
  "addSourceArnCondition"
]);
var READ_ONLY = /* @__PURE__ */ new Set([
  "toStatementJson",
  "toJSON",
  "toString",
  "copy",
  "validateForAnyPolicy",
  "validateForIdentityPolicy",
  "validateForResourcePolicy",
  "freeze"
]);
function rangeOf3(n) {
  return { start: n.range[0], end: n.range[1] };
}
var CdkIam = class {
  constructor(scope, v) {
    this.scope = scope;
    this.v = v;
    for (const c of scope.calls) {
      const callee = unwrap(c.callee);
      if (callee.type !== "MemberExpression") continue;
      const key = bindingKey(callee.object) ?? keyOfAssumeRolePolicy(callee.object);
      if (key === void 0) continue;
      const list = this.callsOn.get(key);
      if (list) list.push(c);
      else this.callsOn.set(key, [c]);
    }
  }
  scope;
  v;
  consumed = /* @__PURE__ */ new Set();
  statementCache = /* @__PURE__ */ new Map();
  callsOn = /* @__PURE__ */ new Map();
  groups = /* @__PURE__ */ new Map();
  pending = [];
  /** `iam.X` → 'X' when the expression names a member of aws-iam. */
  iamName(e) {
    const r = this.scope.ref(e);
    return r?.module === "iam" ? r.name : void 0;
  }
  scalar(range, value) {
    return this.v.scalar(range, value);
  }
  entry(key, keyRange, value) {
    return { key: this.scalar(keyRange, key), value };
  }
  seq(range, items) {
    return { kind: "seq", range, items };
  }
  /** The items of a list value: an array literal's elements, or the value itself (Unknown if code computes it). */
  items(e) {
    const n = this.v.node(e);
    return n.kind === "seq" ? n.items : [n];
  }
  /** Call arguments as list items, spreads of known arrays included. */
  argItems(args) {
    const out = [];
    for (const a of args) {
      if (a.type === "SpreadElement") out.push(...this.items(a.argument));
      else out.push(this.v.node(a));
    }
    return out;
  }
  propsOf(n, index) {
    const a = n.arguments[index];
    if (!a) return void 0;
    if (a.type === "SpreadElement") return "unknown";
    const r = this.v.resolve(a);
    return r.type === "ObjectExpression" ? r : "unknown";
  }
  bindingOf(n) {
    const p = this.scope.parents.get(n);
    if (p?.type === "VariableDeclarator" && p.id.type === "Identifier" && p.init === n) return p.id.name;
    if (p?.type === "AssignmentExpression" && p.right === n) return bindingKey(p.left);
    if (p?.type === "PropertyDefinition" && p.value === n && !p.computed && p.key.type === "Identifier") return `this.${p.key.name}`;
    if (p && (p.type === "TSAsExpression" || p.type === "TSNonNullExpression" || p.type === "TSSatisfiesExpression")) return this.bindingOf(p);
    return void 0;
  }
  constructId(n) {
    const a = n.arguments[1];
    if (a?.type === "Literal" && typeof a.value === "string") return a.value;
    return this.bindingOf(n);
  }
  methodCalls(key) {
    if (key === void 0) return [];
    const out = [];
    for (const call of this.callsOn.get(key) ?? []) {
      const callee = unwrap(call.callee);
      const name = propName(callee);
      if (name !== void 0) out.push({ name, call, callee });
    }
    return out;
  }
  // ---------------------------------------------------------------- principals
  principals(e, depth = 0) {
    const at = rangeOf3(unwrap(e));
    const unknownPrincipal = [{ entries: [{ type: "AWS", node: this.v.unknown(at) }], conditions: [], action: ASSUME2, at }];
    if (depth > 8) return unknownPrincipal;
    const n = this.v.resolve(e);
    const one = (type2, node, conditions = [], action = ASSUME2) => [{ entries: [{ type: type2, node }], conditions, action, at }];
    const cond = (a) => a && a.type !== "SpreadElement" ? [this.v.node(a)] : [];
    if (n.type === "NewExpression") {
      const name = this.iamName(n.callee);
      const [a0, a1, a2] = n.arguments;
      const arg = (a) => a && a.type !== "SpreadElement" ? a : void 0;
      switch (name) {
        case "AnyPrincipal":
        case "StarPrincipal":
          return one("AWS", this.scalar(at, "*"));
        case "ArnPrincipal":
          return arg(a0) ? one("AWS", this.v.node(a0)) : unknownPrincipal;
        case "AccountPrincipal":
          return arg(a0) ? one("AWS", this.v.symbolicScalar(at, ["arn:", { sym: "partition" }, ":iam::", ...this.v.parts(a0), ":root"])) : unknownPrincipal;
        case "AccountRootPrincipal":
          return one("AWS", this.v.symbolicScalar(at, ["arn:", { sym: "partition" }, ":iam::", { sym: "account" }, ":root"]));
        case "ServicePrincipal": {
          const opts2 = arg(a1) ? this.v.resolve(a1) : void 0;
          const c = opts2?.type === "ObjectExpression" ? findProperty(opts2, "conditions") : void 0;
          return arg(a0) ? one("Service", this.v.node(a0), cond(c)) : unknownPrincipal;
        }
        case "FederatedPrincipal": {
          const action = a2 && a2.type !== "SpreadElement" ? this.v.parts(a2) : [ASSUME2];
          const act = action.length === 1 && typeof action[0] === "string" ? action[0] : ASSUME2;
          return arg(a0) ? one("Federated", this.v.node(a0), cond(a1), act) : unknownPrincipal;
        }
        case "WebIdentityPrincipal":
          return arg(a0) ? one("Federated", this.v.node(a0), cond(a1), WEB_IDENTITY) : unknownPrincipal;
        case "OpenIdConnectPrincipal":
          return arg(a0) ? one("Federated", this.v.symbolicScalar(rangeOf3(a0), this.providerArn(a0)), cond(a1), WEB_IDENTITY) : unknownPrincipal;
        case "SamlPrincipal":
        case "SamlConsolePrincipal":
          return arg(a0) ? one("Federated", this.v.symbolicScalar(rangeOf3(a0), this.samlArn(a0)), cond(a1), SAML) : unknownPrincipal;
        case "OrganizationPrincipal": {
          if (!arg(a0)) return unknownPrincipal;
          const orgCond = {
            kind: "map",
            range: at,
            entries: [this.entry("StringEquals", at, { kind: "map", range: at, entries: [this.entry("aws:PrincipalOrgID", at, this.v.node(a0))] })]
          };
          return one("AWS", this.scalar(at, "*"), [orgCond]);
        }
        case "CanonicalUserPrincipal":
          return arg(a0) ? one("CanonicalUser", this.v.node(a0)) : unknownPrincipal;
        case "CompositePrincipal":
          return n.arguments.flatMap((a) => a.type === "SpreadElement" ? unknownPrincipal : this.principals(a, depth + 1));
        case "PrincipalWithConditions":
          return arg(a0) ? this.principals(a0, depth + 1).map((p) => ({ ...p, conditions: [...p.conditions, ...cond(a1)] })) : unknownPrincipal;
        case "SessionTagsPrincipal":
          return arg(a0) ? this.principals(a0, depth + 1) : unknownPrincipal;
        default:
          return unknownPrincipal;
      }
    }
    if (n.type === "CallExpression") {
      const callee = unwrap(n.callee);
      if (callee.type === "MemberExpression") {
        const m = propName(callee);
        const a0 = n.arguments[0];
        if (m === "withConditions") return this.principals(callee.object, depth + 1).map((p) => ({ ...p, conditions: [...p.conditions, ...cond(a0)] }));
        if (m === "withSessionTags") return this.principals(callee.object, depth + 1);
      }
    }
    return unknownPrincipal;
  }
  /** An OIDC provider's ARN: spelled out when the provider's URL or ARN is written in this file. */
  providerArn(e) {
    const n = this.v.resolve(e);
    if (n.type === "NewExpression") {
      const name = this.iamName(n.callee);
      if (name === "OpenIdConnectProvider" || name === "OidcProviderNative") {
        const props = this.propsOf(n, 2);
        const url = props && props !== "unknown" ? findProperty(props, "url") : void 0;
        const parts = url ? this.v.parts(url) : void 0;
        const s = parts && parts.length === 1 && typeof parts[0] === "string" ? parts[0] : void 0;
        if (s && /^https:\/\/[^\s/]/.test(s))
          return ["arn:", { sym: "partition" }, ":iam::", { sym: "account" }, `:oidc-provider/${s.slice(8).replace(/\/+$/, "")}`];
      }
      return [{ sym: "resource", resource: this.v.text(e), type: "AWS::IAM::OIDCProvider", attr: "Arn" }];
    }
    if (n.type === "CallExpression") {
      const name = this.iamName(n.callee);
      if (name === "OpenIdConnectProvider.fromOpenIdConnectProviderArn" || name === "OidcProviderNative.fromOidcProviderArn") {
        const arn = n.arguments[2];
        if (arn && arn.type !== "SpreadElement") return this.v.parts(arn);
      }
    }
    return [{ sym: "unknown" }];
  }
  samlArn(e) {
    const n = this.v.resolve(e);
    if (n.type === "CallExpression" && this.iamName(n.callee) === "SamlProvider.fromSamlProviderArn") {
      const arn = n.arguments[2];
      if (arn && arn.type !== "SpreadElement") return this.v.parts(arn);
    }
    return [{ sym: "resource", resource: this.v.text(e), type: "AWS::IAM::SAMLProvider", attr: "Arn" }];
  }
  /** `provider.openIdConnectProviderArn` / `.openIdConnectProviderIssuer` of a provider written in this file. */
  memberParts(m) {
    const p = propName(m);
    if (p === "openIdConnectProviderArn" || p === "oidcProviderArn") {
      const parts = this.providerArn(m.object);
      return parts.length === 1 && typeof parts[0] !== "string" && parts[0]?.sym === "unknown" ? void 0 : parts;
    }
    if (p === "openIdConnectProviderIssuer" || p === "oidcProviderIssuer") {
      const arn = this.providerArn(m.object);
      const last = arn[arn.length - 1];
      if (typeof last === "string") {
        const i = last.indexOf(":oidc-provider/");
        if (i >= 0) return [last.slice(i + ":oidc-provider/".length)];
      }
      return [{ sym: "unknown" }];
    }
    return void 0;
  }
  /** A `Principal` map from principals: entries grouped by type, in order. */
  principalMap(ps, range) {
    const byType = /* @__PURE__ */ new Map();
    for (const p of ps)
      for (const e of p.entries) {
        const g = byType.get(e.type);
        if (g) g.items.push(e.node);
        else byType.set(e.type, { keyRange: p.at, items: [e.node] });
      }
    return { kind: "map", range, entries: [...byType].map(([type2, g]) => this.entry(type2, g.keyRange, this.seq(range, g.items))) };
  }
  /** Conditions from several places (the statement, its principals, `externalIds`) merged into one block. */
  conditionMap(sources, range) {
    if (sources.length === 0) return void 0;
    const entries = [];
    for (const s of sources) {
      if (isMap(s)) entries.push(...s.entries);
      else entries.push(this.entry(UNKNOWN_KEY, s.range, s));
    }
    return { kind: "map", range, entries };
  }
  // ---------------------------------------------------------------- statements
  effectNode(e) {
    const name = this.iamName(e);
    if (name === "Effect.ALLOW") return this.scalar(rangeOf3(e), "Allow");
    if (name === "Effect.DENY") return this.scalar(rangeOf3(e), "Deny");
    return this.v.node(e);
  }
  /** `new PolicyStatement({...})` with every later `addActions`/`addCondition`/... on the name it is bound to. */
  statement(n) {
    const cached = this.statementCache.get(n);
    if (cached) return cached;
    const range = rangeOf3(n);
    const props = this.propsOf(n, 0);
    const lists = {
      Action: void 0,
      NotAction: void 0,
      Resource: void 0,
      NotResource: void 0
    };
    const add = (k, keyRange, items) => {
      const l = lists[k];
      if (l) l.items.push(...items);
      else lists[k] = { keyRange, items: [...items] };
    };
    let effect = this.scalar(rangeOf3(n.callee), "Allow");
    let effectKey = rangeOf3(n.callee);
    let sid;
    const principals2 = [];
    const notPrincipals = [];
    let principalKey;
    let notPrincipalKey;
    const conditions = [];
    let conditionKey;
    if (props === "unknown") {
      effect = this.v.unknown(range);
    } else if (props) {
      for (const p of props.properties) {
        if (p.type !== "Property") {
          effect = this.v.unknown(range);
          continue;
        }
        const key = p.key.type === "Identifier" && !p.computed ? p.key.name : void 0;
        const kr = rangeOf3(p.key);
        switch (key) {
          case "effect":
            effect = this.effectNode(p.value);
            effectKey = kr;
            break;
          case "actions":
            add("Action", kr, this.items(p.value));
            break;
          case "notActions":
            add("NotAction", kr, this.items(p.value));
            break;
          case "resources":
            add("Resource", kr, this.items(p.value));
            break;
          case "notResources":
            add("NotResource", kr, this.items(p.value));
            break;
          case "principals":
            principalKey = kr;
            principals2.push(...this.principalList(p.value));
            break;
          case "notPrincipals":
            notPrincipalKey = kr;
            notPrincipals.push(...this.principalList(p.value));
            break;
          case "conditions":
            conditionKey = kr;
            conditions.push(this.v.node(p.value));
            break;
          case "sid":
            sid = this.entry("Sid", kr, this.v.node(p.value));
            break;
          default:
            break;
        }
      }
    }
    const binding = this.bindingOf(n);
    for (const { name, call, callee } of this.methodCalls(binding)) {
      const kr = rangeOf3(callee.property);
      const args = call.arguments;
      const a0 = args[0] && args[0].type !== "SpreadElement" ? args[0] : void 0;
      const a1 = args[1] && args[1].type !== "SpreadElement" ? args[1] : void 0;
      const cr = rangeOf3(call);
      switch (name) {
        case "addActions":
          add("Action", kr, this.argItems(args));
          break;
        case "addNotActions":
          add("NotAction", kr, this.argItems(args));
          break;
        case "addResources":
          add("Resource", kr, this.argItems(args));
          break;
        case "addNotResources":
          add("NotResource", kr, this.argItems(args));
          break;
        case "addAllResources":
          add("Resource", kr, [this.scalar(cr, "*")]);
          break;
        case "addPrincipals":
          principalKey ??= kr;
          for (const a of args) principals2.push(...a.type === "SpreadElement" ? this.principalList(a.argument) : this.principals(a));
          break;
        case "addNotPrincipals":
          notPrincipalKey ??= kr;
          for (const a of args) notPrincipals.push(...a.type === "SpreadElement" ? this.principalList(a.argument) : this.principals(a));
          break;
        case "addAnyPrincipal":
          principalKey ??= kr;
          principals2.push({ entries: [{ type: "AWS", node: this.scalar(cr, "*") }], conditions: [], action: ASSUME2, at: cr });
          break;
        case "addArnPrincipal":
          principalKey ??= kr;
          if (a0) principals2.push({ entries: [{ type: "AWS", node: this.v.node(a0) }], conditions: [], action: ASSUME2, at: cr });
          break;
        case "addAwsAccountPrincipal":
          principalKey ??= kr;
          if (a0)
            principals2.push({
              entries: [{ type: "AWS", node: this.v.symbolicScalar(cr, ["arn:", { sym: "partition" }, ":iam::", ...this.v.parts(a0), ":root"]) }],
              conditions: [],
              action: ASSUME2,
              at: cr
            });
          break;
        case "addAccountRootPrincipal":
          principalKey ??= kr;
          principals2.push({
            entries: [{ type: "AWS", node: this.v.symbolicScalar(cr, ["arn:", { sym: "partition" }, ":iam::", { sym: "account" }, ":root"]) }],
            conditions: [],
            action: ASSUME2,
            at: cr
          });
          break;
        case "addServicePrincipal":
          principalKey ??= kr;
          if (a0) principals2.push({ entries: [{ type: "Service", node: this.v.node(a0) }], conditions: [], action: ASSUME2, at: cr });
          break;
        case "addFederatedPrincipal":
          principalKey ??= kr;
          if (a0) principals2.push({ entries: [{ type: "Federated", node: this.v.node(a0) }], conditions: a1 ? [this.v.node(a1)] : [], action: ASSUME2, at: cr });
          break;
        case "addCanonicalUserPrincipal":
          principalKey ??= kr;
          if (a0) principals2.push({ entries: [{ type: "CanonicalUser", node: this.v.node(a0) }], conditions: [], action: ASSUME2, at: cr });
          break;
        case "addCondition": {
          conditionKey ??= kr;
          if (!a0 || !a1) break;
          const op = this.v.parts(a0);
          const opKey = op.length === 1 && typeof op[0] === "string" ? op[0] : UNKNOWN_KEY;
          conditions.push({ kind: "map", range: cr, entries: [this.entry(opKey, rangeOf3(a0), this.v.node(a1))] });
          break;
        }
        case "addConditions":
          conditionKey ??= kr;
          if (a0) conditions.push(this.v.node(a0));
          break;
        case "addAccountCondition":
        case "addSourceAccountCondition":
        case "addSourceArnCondition": {
          conditionKey ??= kr;
          if (!a0) break;
          const [op, key] = name === "addAccountCondition" ? ["StringEquals", "sts:ExternalId"] : name === "addSourceAccountCondition" ? ["StringEquals", "aws:SourceAccount"] : ["ArnEquals", "aws:SourceArn"];
          conditions.push({
            kind: "map",
            range: cr,
            entries: [this.entry(op, kr, { kind: "map", range: cr, entries: [this.entry(key, kr, this.v.node(a0))] })]
          });
          break;
        }
        default:
          break;
      }
    }
    if (binding !== void 0 && this.escapes(binding)) conditions.push(this.v.unknown(range));
    const entries = [this.entry("Effect", effectKey, effect)];
    if (sid) entries.push(sid);
    for (const k of ["Action", "NotAction", "Resource", "NotResource"]) {
      const l = lists[k];
      if (l) entries.push(this.entry(k, l.keyRange, this.seq(l.keyRange, l.items)));
    }
    if (principals2.length) entries.push(this.entry("Principal", principalKey ?? range, this.principalMap(principals2, principalKey ?? range)));
    if (notPrincipals.length) entries.push(this.entry("NotPrincipal", notPrincipalKey ?? range, this.principalMap(notPrincipals, notPrincipalKey ?? range)));
    const allConditions = [...conditions, ...principals2.flatMap((p) => p.conditions)];
    const cm = this.conditionMap(allConditions, conditionKey ?? range);
    if (cm) entries.push(this.entry("Condition", conditionKey ?? range, cm));
    const node = { kind: "map", range, entries };
    this.statementCache.set(n, node);
    return node;
  }
  principalList(e, depth = 0) {
    const n = this.v.resolve(e);
    if (n.type === "ArrayExpression" && depth < 8)
      return n.elements.flatMap((el) => !el ? [] : el.type === "SpreadElement" ? this.principalList(el.argument, depth + 1) : this.principals(el));
    return this.principals(e);
  }
  /** Whether a name bound to a statement is used anywhere but where iamlint can follow it. */
  escapes(key) {
    for (const ref of this.scope.references.get(key) ?? []) {
      const p = this.scope.parents.get(ref);
      if (!p) continue;
      if (p.type === "MemberExpression" && p.object === ref) {
        const m = propName(p);
        const gp = this.scope.parents.get(p);
        const called = gp?.type === "CallExpression" && gp.callee === p;
        if (m !== void 0 && (STATEMENT_MUTATORS.has(m) || READ_ONLY.has(m) || !called)) continue;
        return true;
      }
      if (p.type === "ArrayExpression") continue;
      if (p.type === "CallExpression" && p.callee !== ref) {
        const callee = unwrap(p.callee);
        const m = callee.type === "MemberExpression" ? propName(callee) : void 0;
        if (m !== void 0 && (IDENTITY_SINKS.has(m) || m === "addStatements" || m === "addToResourcePolicy")) continue;
        return true;
      }
      if (p.type === "VariableDeclarator" || p.type === "TSAsExpression" || p.type === "TSNonNullExpression") continue;
      return true;
    }
    return false;
  }
  /** A statement expression: `new PolicyStatement`, `PolicyStatement.fromJson`, a JSON object, through names. */
  statementNode(e) {
    const n = this.v.resolve(e);
    if (n.type === "NewExpression" && this.iamName(n.callee) === "PolicyStatement") {
      this.consumed.add(n);
      return this.statement(n);
    }
    if (n.type === "CallExpression" && this.iamName(n.callee) === "PolicyStatement.fromJson") {
      this.consumed.add(n);
      const a = n.arguments[0];
      return a && a.type !== "SpreadElement" ? this.v.node(a) : void 0;
    }
    if (n.type === "ObjectExpression") return this.v.node(n);
    return void 0;
  }
  statementList(e, depth = 0) {
    const n = this.v.resolve(e);
    if (depth > 8) return [];
    if (n.type === "ArrayExpression")
      return n.elements.flatMap((el) => !el ? [] : el.type === "SpreadElement" ? this.statementList(el.argument, depth + 1) : this.statementNode(el) ?? []);
    const one = this.statementNode(e);
    return one ? [one] : [];
  }
  /** Statements added by `addStatements` on a binding (a document, a policy, a role's `assumeRolePolicy`). */
  addedStatements(key) {
    const out = [];
    for (const { name, call } of this.methodCalls(key)) {
      if (name !== "addStatements") continue;
      for (const a of call.arguments) out.push(...a.type === "SpreadElement" ? this.statementList(a.argument) : this.statementList(a));
    }
    return out;
  }
  /**
   * A document expression: `new PolicyDocument({statements})` (with later `addStatements`),
   * `PolicyDocument.fromJson(json)`, or a JSON object (L1 properties take IAM JSON as is).
   */
  document(e) {
    const n = this.v.resolve(e);
    if (n.type === "NewExpression" && this.iamName(n.callee) === "PolicyDocument") {
      this.consumed.add(n);
      const props = this.propsOf(n, 0);
      const st = props && props !== "unknown" ? findProperty(props, "statements") : void 0;
      return { statements: [...st ? this.statementList(st) : [], ...this.addedStatements(this.bindingOf(n))] };
    }
    if (n.type === "CallExpression" && this.iamName(n.callee) === "PolicyDocument.fromJson") {
      this.consumed.add(n);
      const a = n.arguments[0];
      return a && a.type !== "SpreadElement" ? { json: this.v.node(a) } : void 0;
    }
    if (n.type === "ObjectExpression") return { json: this.v.node(n) };
    return void 0;
  }
  addDocument(kind, doc, range, resource, path, label) {
    if (!doc) return;
    this.pending.push({ kind, range, resource, path, label, ..."json" in doc ? { json: doc.json, statements: [] } : { statements: doc.statements } });
  }
  /** Statements attached to one principal (`role.addToPolicy`, grants): one document per target, as CDK's default policy. */
  addToGroup(kind, target, statements, range, label) {
    const path = kind === "identity" ? "DefaultPolicy" : kind === "trust" ? "assumeRolePolicy" : "resourcePolicy";
    const key = `${kind}\0${target}`;
    const g = this.groups.get(key);
    if (g) {
      g.statements.push(...statements);
      return;
    }
    const p = { kind, statements: [...statements], range, resource: target, path, label };
    this.groups.set(key, p);
    this.pending.push(p);
  }
  // ---------------------------------------------------------------- constructs
  role(n) {
    const props = this.propsOf(n, 2);
    const id = this.constructId(n);
    const label = `role ${id ?? this.v.text(n.callee)}`;
    const binding = this.bindingOf(n);
    if (props && props !== "unknown") {
      const assumedBy = findProperty(props, "assumedBy");
      const trust = [];
      if (assumedBy) {
        const ext = findProperty(props, "externalIds") ?? findProperty(props, "externalId");
        const extCond = [];
        if (ext) {
          const r = rangeOf3(ext);
          extCond.push({
            kind: "map",
            range: r,
            entries: [this.entry("StringEquals", r, { kind: "map", range: r, entries: [this.entry("sts:ExternalId", r, this.v.node(ext))] })]
          });
        }
        for (const p of this.principals(assumedBy)) {
          const cm = this.conditionMap([...p.conditions, ...extCond], p.at);
          const entries = [
            this.entry("Effect", p.at, this.scalar(p.at, "Allow")),
            this.entry("Action", p.at, this.scalar(p.at, p.action)),
            this.entry("Principal", p.at, this.principalMap([p], p.at))
          ];
          if (cm) entries.push(this.entry("Condition", p.at, cm));
          trust.push({ kind: "map", range: p.at, entries });
        }
      }
      trust.push(...this.addedStatements(binding === void 0 ? void 0 : `${binding}.assumeRolePolicy`));
      if (trust.length) this.addDocument("trust", { statements: trust }, rangeOf3(n), id, "assumeRolePolicy", `trust policy of ${label}`);
      const inline = findProperty(props, "inlinePolicies");
      const inl = inline ? this.v.resolve(inline) : void 0;
      if (inl?.type === "ObjectExpression") {
        for (const p of inl.properties) {
          if (p.type !== "Property") continue;
          const name = !p.computed && p.key.type === "Identifier" ? p.key.name : p.key.type === "Literal" ? String(p.key.value) : "?";
          this.addDocument("identity", this.document(p.value), rangeOf3(p.value), id, `inlinePolicies.${name}`, `inline policy '${name}' of ${label}`);
        }
      }
    }
  }
  policy(n, name) {
    const props = this.propsOf(n, 2);
    const id = this.constructId(n);
    const statements = [];
    if (props && props !== "unknown") {
      const st = findProperty(props, "statements");
      if (st) statements.push(...this.statementList(st));
      const d = findProperty(props, "document");
      const doc = d ? this.document(d) : void 0;
      if (doc && "statements" in doc) statements.push(...doc.statements);
      else if (doc) this.addDocument("identity", doc, rangeOf3(n), id, "document", `${name} ${id ?? ""}`.trim());
    }
    statements.push(...this.addedStatements(this.bindingOf(n)));
    if (statements.length) this.addDocument("identity", { statements }, rangeOf3(n), id, "statements", `${name} ${id ?? ""}`.trim());
  }
  /** L1 constructs take IAM JSON: `CfnRole`, `CfnPolicy`, `CfnManagedPolicy`, `CfnUser`, `CfnGroup`, `Cfn*Policy`. */
  cfn(n, name) {
    const props = this.propsOf(n, 2);
    if (!props || props === "unknown") return;
    const id = this.constructId(n);
    const label = `${name} ${id ?? ""}`.trim();
    if (name === "CfnRole") {
      const trust = findProperty(props, "assumeRolePolicyDocument");
      if (trust) this.addDocument("trust", this.document(trust), rangeOf3(trust), id, "assumeRolePolicyDocument", `trust policy of ${label}`);
    }
    const pd = findProperty(props, "policyDocument");
    if (pd) this.addDocument("identity", this.document(pd), rangeOf3(pd), id, "policyDocument", label);
    const policies = findProperty(props, "policies");
    const list = policies ? this.v.resolve(policies) : void 0;
    if (list?.type === "ArrayExpression") {
      list.elements.forEach((el, i) => {
        const item = el && el.type !== "SpreadElement" ? this.v.resolve(el) : void 0;
        if (item?.type !== "ObjectExpression") return;
        const doc = findProperty(item, "policyDocument");
        const pn = findProperty(item, "policyName");
        const pname = pn?.type === "Literal" ? String(pn.value) : void 0;
        if (doc)
          this.addDocument(
            "identity",
            this.document(doc),
            rangeOf3(doc),
            id,
            `policies[${i}].policyDocument`,
            `inline policy${pname ? ` '${pname}'` : ""} of ${label}`
          );
      });
    }
  }
  /** `x.addToPolicy(st)`, `x.addStatements(st)`, `x.grantPassRole(g)`, `Grant.addToPrincipal({...})`. */
  call(c) {
    const callee = unwrap(c.callee);
    const iam = this.iamName(callee);
    if (iam === "Grant.addToPrincipal" || iam === "Grant.addToPrincipalOrResource" || iam === "Grant.addToPrincipalAndResource") {
      const props = this.propsOf(c, 0);
      if (!props || props === "unknown") return;
      const grantee = findProperty(props, "grantee");
      const entries = [this.entry("Effect", rangeOf3(callee), this.scalar(rangeOf3(callee), "Allow"))];
      for (const [prop, key] of [
        ["actions", "Action"],
        ["resourceArns", "Resource"],
        ["conditions", "Condition"]
      ]) {
        const v = findProperty(props, prop);
        const p = props.properties.find((q) => q.type === "Property" && !q.computed && q.key.type === "Identifier" && q.key.name === prop);
        if (v) entries.push(this.entry(key, p ? rangeOf3(p.key) : rangeOf3(v), key === "Condition" ? this.v.node(v) : this.seq(rangeOf3(v), this.items(v))));
      }
      this.addToGroup(
        "identity",
        grantee ? this.v.text(grantee) : "?",
        [{ kind: "map", range: rangeOf3(c), entries }],
        rangeOf3(c),
        `policy of ${grantee ? this.v.text(grantee) : "the grantee"}`
      );
      return;
    }
    if (callee.type !== "MemberExpression") return;
    const method = propName(callee);
    if (method === void 0) return;
    const target = callee.object;
    const targetText = this.v.text(target);
    if (IDENTITY_SINKS.has(method) || method === "addToResourcePolicy") {
      const a = c.arguments[0];
      const st = a && a.type !== "SpreadElement" ? this.statementNode(a) : void 0;
      const kind = method === "addToResourcePolicy" ? "resource" : "identity";
      if (st) this.addToGroup(kind, targetText, [st], rangeOf3(c), `${kind === "resource" ? "resource policy" : "policy"} of ${targetText}`);
      return;
    }
    if (method === "addStatements") {
      const owner = this.v.resolve(target);
      if (owner.type === "NewExpression" && this.iamName(owner.callee) !== void 0) return;
      const assume = keyOfAssumeRolePolicy(target);
      if (assume !== void 0) {
        const role = this.v.resolve(unwrap(target).object);
        if (role.type === "NewExpression" && this.iamName(role.callee) === "Role") return;
      }
      const statements = c.arguments.flatMap((a) => a.type === "SpreadElement" ? this.statementList(a.argument) : this.statementList(a));
      this.addToGroup(
        assume !== void 0 ? "trust" : "identity",
        targetText,
        statements,
        rangeOf3(c),
        `${assume !== void 0 ? "trust policy" : "policy"} of ${targetText}`
      );
      return;
    }
    if (method === "grantPassRole" || method === "grant") {
      const grantee = c.arguments[0];
      if (!grantee || grantee.type === "SpreadElement") return;
      const kr = rangeOf3(callee.property);
      const actions = method === "grantPassRole" ? [this.scalar(kr, "iam:PassRole")] : this.argItems(c.arguments.slice(1));
      if (actions.length === 0) return;
      const resource = this.v.symbolicScalar(rangeOf3(target), [
        { sym: "resource", resource: targetText, type: method === "grantPassRole" ? "AWS::IAM::Role" : void 0, attr: "Arn" }
      ]);
      const st = {
        kind: "map",
        range: rangeOf3(c),
        entries: [
          this.entry("Effect", kr, this.scalar(kr, "Allow")),
          this.entry("Action", kr, this.seq(kr, actions)),
          this.entry("Resource", rangeOf3(target), this.seq(rangeOf3(target), [resource]))
        ]
      };
      this.addToGroup("identity", this.v.text(grantee), [st], rangeOf3(c), `policy of ${this.v.text(grantee)}`);
    }
  }
  /** Every policy document of the file. */
  documents(ev) {
    for (const n of this.scope.news) {
      const name = this.iamName(n.callee);
      if (name === "Role") this.role(n);
      else if (name === "Policy" || name === "ManagedPolicy") this.policy(n, name);
      else if (name && /^Cfn(Role|Policy|ManagedPolicy|User|Group|RolePolicy|UserPolicy|GroupPolicy)$/.test(name)) this.cfn(n, name);
    }
    for (const c of this.scope.calls) this.call(c);
    for (const n of this.scope.news) {
      if (this.consumed.has(n)) continue;
      const name = this.iamName(n.callee);
      if (name === "PolicyDocument")
        this.addDocument("auto", this.document(n), rangeOf3(n), this.bindingOf(n), "PolicyDocument", `policy document ${this.bindingOf(n) ?? ""}`.trim());
    }
    for (const c of this.scope.calls) {
      if (this.consumed.has(c)) continue;
      const name = this.iamName(c.callee);
      if (name === "PolicyDocument.fromJson") this.addDocument("auto", this.document(c), rangeOf3(c), this.bindingOf(c), "PolicyDocument", "policy document");
    }
    for (const n of [...this.scope.news, ...this.scope.calls]) {
      if (this.consumed.has(n)) continue;
      const name = this.iamName(n.callee);
      if (name !== "PolicyStatement" && name !== "PolicyStatement.fromJson") continue;
      const st = this.statementNode(n);
      if (st)
        this.addDocument("auto", { statements: [st] }, rangeOf3(n), this.bindingOf(n), "PolicyStatement", `policy statement ${this.bindingOf(n) ?? ""}`.trim());
    }
    const out = [];
    for (const p of this.pending) {
      const node = p.json ?? { kind: "map", range: p.range, entries: [this.entry("Statement", p.range, this.seq(p.range, p.statements))] };
      const origin = { ...p.resource !== void 0 ? { resource: p.resource } : {}, path: p.path, label: p.label };
      const doc = buildPolicy(node, ev, p.kind === "auto" ? "identity" : p.kind, origin);
      out.push(p.kind === "auto" ? { ...doc, kind: documentKind(doc) } : doc);
    }
    return out;
  }
};
function keyOfAssumeRolePolicy(e) {
  const n = unwrap(e);
  if (n.type !== "MemberExpression" || propName(n) !== "assumeRolePolicy") return void 0;
  const base = bindingKey(n.object);
  return base === void 0 ? void 0 : `${base}.assumeRolePolicy`;
}

// src/loaders/code/sdk-credentials.ts
var FIELDS = ["accessKeyId", "secretAccessKey", "sessionToken"];
var ENV_FIELDS = { AWS_ACCESS_KEY_ID: "accessKeyId", AWS_SECRET_ACCESS_KEY: "secretAccessKey", AWS_SESSION_TOKEN: "sessionToken" };
function isStringNode(n) {
  return n.type === "Literal" && typeof n.value === "string" || n.type === "TemplateLiteral" && n.expressions.length === 0;
}
var SdkCredentials = class {
  constructor(scope, v, text) {
    this.scope = scope;
    this.v = v;
    this.text = text;
  }
  scope;
  v;
  text;
  sites = /* @__PURE__ */ new Map();
  literal(e) {
    const n = this.v.resolve(e);
    return isStringNode(n) ? n : void 0;
  }
  add(e, api, field2, removal) {
    if (!e) return;
    const lit = this.literal(e);
    if (lit && !this.sites.has(lit)) this.sites.set(lit, { api, field: field2, removal });
  }
  /** `{ accessKeyId, secretAccessKey, sessionToken }`: a site for each literal, all removed together. */
  credentialObject(e, api, removal) {
    let n = this.v.resolve(e);
    if ((n.type === "ArrowFunctionExpression" || n.type === "FunctionExpression") && n.body.type !== "BlockStatement") n = this.v.resolve(n.body);
    if (n.type !== "ObjectExpression") return;
    for (const f of FIELDS) this.add(findProperty(n, f), api, f, removal);
  }
  /** A client or global config object: `credentials` and (v2) top-level keys. */
  config(e, api, v2) {
    if (!e || e.type === "SpreadElement") return;
    const obj = this.v.resolve(e);
    if (obj.type !== "ObjectExpression") return;
    const creds = findPropertyNode(obj, "credentials");
    if (creds) this.credentialObject(creds.value, api, removeProperties(obj, [creds]));
    if (!v2) return;
    const props = FIELDS.map((f) => findPropertyNode(obj, f)).filter((p) => p !== void 0);
    const removal = removeProperties(obj, props);
    for (const p of props) this.add(p.value, api, staticKey(p), removal);
  }
  /** Removing the whole statement `x = '...';`, with its line when it stands alone. */
  statementRemoval(n) {
    const st = this.scope.parents.get(n);
    if (st?.type !== "ExpressionStatement") return void 0;
    let start = st.range[0];
    let end = st.range[1];
    const lineStart = this.text.lastIndexOf("\n", start - 1) + 1;
    const m = /^[ \t]*\r?\n/.exec(this.text.slice(end));
    if (/^[ \t]*$/.test(this.text.slice(lineStart, start)) && m) {
      start = lineStart;
      end += m[0].length;
    }
    return [{ range: { start, end }, text: "" }];
  }
  collect() {
    for (const n of this.scope.news) {
      const r = this.scope.ref(n.callee);
      if (!r || r.name === void 0) continue;
      const api = `new ${this.v.text(n.callee)}`;
      if (r.module === "sdk3") this.config(n.arguments[0], api, false);
      else if (r.module === "sdk2") {
        if (r.name === "Credentials") {
          const [a, b, c] = n.arguments;
          if (a && a.type !== "SpreadElement" && this.v.resolve(a).type === "ObjectExpression") this.credentialObject(a, api, void 0);
          else [a, b, c].forEach((x, i) => x && x.type !== "SpreadElement" && this.add(x, api, FIELDS[i], void 0));
        } else this.config(n.arguments[0], api, true);
      }
    }
    for (const c of this.scope.calls) {
      const r = this.scope.ref(c.callee);
      if (r?.module === "sdk2" && r.name === "config.update") this.config(c.arguments[0], `${this.v.text(c.callee)}`, true);
    }
    for (const a of this.scope.assignments) {
      if (a.operator !== "=" || a.left.type !== "MemberExpression") continue;
      const name = propName(a.left);
      if (name === void 0) continue;
      const obj = unwrap(a.left.object);
      if (obj.type === "MemberExpression" && propName(obj) === "env" && unwrap(obj.object).type === "Identifier" && unwrap(obj.object).name === "process") {
        const f = ENV_FIELDS[name];
        if (f) this.add(a.right, "process.env", f, this.statementRemoval(a));
        continue;
      }
      const r = this.scope.ref(a.left);
      if (r?.module !== "sdk2") continue;
      if (r.name === "config.credentials") this.credentialObject(a.right, this.v.text(a.left), this.statementRemoval(a));
      else if (r.name?.startsWith("config.") && FIELDS.includes(name)) this.add(a.right, this.v.text(a.left), name, this.statementRemoval(a));
    }
  }
};
function removeProperties(obj, props) {
  if (props.length === 0) return void 0;
  const all = obj.properties;
  const idx = props.map((p) => all.indexOf(p)).sort((a, b) => a - b);
  if (idx.some((i2) => i2 < 0)) return void 0;
  const edits = [];
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j] + 1) j++;
    const first = all[idx[i]];
    const last = all[idx[j]];
    const next = all[idx[j] + 1];
    const prev = all[idx[i] - 1];
    if (next) edits.push({ range: { start: first.range[0], end: next.range[0] }, text: "" });
    else if (prev) edits.push({ range: { start: prev.range[1], end: last.range[1] }, text: "" });
    else edits.push({ range: { start: first.range[0], end: last.range[1] }, text: "" });
    i = j + 1;
  }
  return edits;
}

// src/loaders/typescript.ts
var CODE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs"];
function isCodePath(path) {
  const lower = path.toLowerCase();
  return CODE_EXTENSIONS.some((e) => lower.endsWith(e));
}
var CODE_RELEVANT = /aws-cdk-lib|@aws-cdk\/|@aws-sdk\/|aws-sdk|A(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}|secret.?access.?key|session.?token/i;
function isCodeRelevant(text) {
  return CODE_RELEVANT.test(text);
}
var estree;
function codeParserAvailable() {
  if (estree === void 0) {
    try {
      estree = createRequire(import.meta.url)("@typescript-eslint/typescript-estree");
    } catch {
      estree = null;
    }
  }
  return estree !== null;
}
function parseCode(path, text) {
  const lower = path.toLowerCase();
  const jsx = lower.endsWith(".tsx") || /\.[mc]?js$/.test(lower);
  if (!codeParserAvailable() || !estree) throw new InputError("Cannot read code files: the 'typescript' package is not installed next to iamlint", 0);
  const p = estree;
  try {
    return p.parse(text, { range: true, loc: false, comment: false, tokens: false, jsx, loggerFn: false, suppressDeprecatedPropertyWarnings: true });
  } catch (e) {
    const err = e;
    const start = err.location?.start?.offset ?? err.index ?? 0;
    const end = err.location?.end?.offset ?? start + 1;
    throw new InputError(
      `Could not parse as ${/\.[mc]?tsx?$/.test(lower) ? "TypeScript" : "JavaScript"}: ${err.message.split("\n")[0]}`,
      start,
      Math.max(end, start + 1)
    );
  }
}
function nameOf(n, parents) {
  let child = n;
  let p = parents.get(n);
  while (p && (p.type === "TSAsExpression" || p.type === "TSSatisfiesExpression" || p.type === "TSNonNullExpression")) {
    child = p;
    p = parents.get(p);
  }
  if (!p) return void 0;
  switch (p.type) {
    case "Property":
    case "PropertyDefinition":
      return p.value === child ? staticKey(p) : void 0;
    case "VariableDeclarator":
      return p.init === child && p.id.type === "Identifier" ? p.id.name : void 0;
    case "AssignmentExpression": {
      if (p.right !== child) return void 0;
      const left = unwrap(p.left);
      if (left.type === "Identifier") return left.name;
      return left.type === "MemberExpression" ? propName(left) : void 0;
    }
    case "AssignmentPattern":
      return p.right === child && p.left.type === "Identifier" ? p.left.name : void 0;
    case "JSXAttribute":
      return p.name.type === "JSXIdentifier" ? p.name.name : void 0;
    default:
      return void 0;
  }
}
function objectOf(n, parents) {
  let child = n;
  let p = parents.get(n);
  while (p && (p.type === "TSAsExpression" || p.type === "TSSatisfiesExpression" || p.type === "TSNonNullExpression")) {
    child = p;
    p = parents.get(p);
  }
  if (p?.type !== "Property" || p.value !== child) return void 0;
  const o = parents.get(p);
  return o?.type === "ObjectExpression" ? o : void 0;
}
function isStringNode2(n) {
  return n.type === "Literal" && typeof n.value === "string" || n.type === "TemplateLiteral";
}
var MIN_LENGTH = 20;
function extractCode(path, text, program) {
  const scope = new Scope(program);
  const late = {};
  const values = new Values(scope, { memberParts: (m) => late.iam?.memberParts(m) });
  const iam = new CdkIam(scope, values);
  late.iam = iam;
  const evaluator = new CodeEvaluator(values.symbolic);
  const policies = iam.documents(evaluator);
  const sdk = new SdkCredentials(scope, values, text);
  sdk.collect();
  const entries = [];
  const credentialSites = /* @__PURE__ */ new Map();
  const scalarsOf = (str2) => {
    const pieces = str2.type === "Literal" ? [{ value: str2.value, node: str2 }] : str2.expressions.length === 0 ? [{ value: str2.quasis[0]?.value.cooked ?? "", node: str2 }] : str2.quasis.map((q) => ({ value: q.value.cooked ?? q.value.raw, node: q }));
    const site = sdk.sites.get(str2);
    return pieces.map(({ value, node }) => {
      const scalar = values.scalar({ start: node.range[0], end: node.range[1] }, value);
      if (site) credentialSites.set(scalar, site);
      return { value, scalar };
    });
  };
  const objects = /* @__PURE__ */ new Set();
  for (const s of scope.strings) {
    const parent = scope.parents.get(s);
    if (parent && (parent.type === "ImportDeclaration" || parent.type === "ExportAllDeclaration" || parent.type === "ExportNamedDeclaration" || parent.type === "ImportExpression"))
      continue;
    const pieces = scalarsOf(s).filter((p) => p.value.length >= MIN_LENGTH);
    if (pieces.length === 0) continue;
    const site = sdk.sites.get(s);
    const obj = site ? void 0 : objectOf(s, scope.parents);
    if (obj) {
      if (objects.has(obj)) continue;
      objects.add(obj);
      const inner = [];
      for (const p of obj.properties) {
        if (p.type !== "Property") continue;
        const v = unwrap(p.value);
        if (!isStringNode2(v) || sdk.sites.has(v)) continue;
        const key = staticKey(p) ?? "(computed)";
        for (const { scalar } of scalarsOf(v)) inner.push({ key: values.scalar({ start: p.key.range[0], end: p.key.range[1] }, key), value: scalar });
      }
      const range = { start: obj.range[0], end: obj.range[1] };
      entries.push({ key: values.scalar(range, nameOf(obj, scope.parents) ?? "(object)"), value: { kind: "map", range, entries: inner } });
      continue;
    }
    const name = site?.field ?? nameOf(s, scope.parents) ?? "(string)";
    for (const { scalar } of pieces) entries.push({ key: values.scalar(scalar.range, name), value: scalar });
  }
  const roots = entries.length ? [{ kind: "map", range: { start: program.range[0], end: program.range[1] }, entries }] : [];
  const language = /\.[mc]?tsx?$/i.test(path) ? "typescript" : "javascript";
  return { roots, policies, evaluator, launch: cdkLaunch(scope, values), code: { language, credentialSites } };
}
function loadCode(path, text) {
  if (!isCodeRelevant(text)) return { status: "skipped", reason: "no AWS CDK, AWS SDK or credential in this file" };
  if (!codeParserAvailable()) return { status: "skipped", reason: "code files need the 'typescript' package" };
  const lines = new LineIndex(text);
  let program;
  try {
    program = parseCode(path, text);
  } catch (e) {
    if (e instanceof InputError) return { status: "error", error: e, lines };
    throw e;
  }
  const file = codeFile(path, text, program, lines);
  return { status: "parsed", kind: file.policies.length || file.launch.specs.length ? "code-policy" : "code", file };
}
function codeFile(path, text, program, lines = new LineIndex(text)) {
  const x = extractCode(path, text, program);
  return {
    path,
    text,
    lines,
    format: x.code.language,
    roots: x.roots,
    template: void 0,
    evaluator: x.evaluator,
    policies: x.policies,
    launch: x.launch,
    code: x.code
  };
}

// node_modules/js-yaml/dist/js-yaml.mjs
function getDefaultExportFromCjs(x) {
  return x && x.__esModule && Object.prototype.hasOwnProperty.call(x, "default") ? x["default"] : x;
}
var jsYaml = {};
var loader = {};
var common = {};
var hasRequiredCommon;
function requireCommon() {
  if (hasRequiredCommon) return common;
  hasRequiredCommon = 1;
  function isNothing(subject) {
    return typeof subject === "undefined" || subject === null;
  }
  function isObject(subject) {
    return typeof subject === "object" && subject !== null;
  }
  function toArray(sequence) {
    if (Array.isArray(sequence)) return sequence;
    else if (isNothing(sequence)) return [];
    return [sequence];
  }
  function extend(target, source) {
    if (source) {
      const sourceKeys = Object.keys(source);
      for (let index = 0, length = sourceKeys.length; index < length; index += 1) {
        const key = sourceKeys[index];
        target[key] = source[key];
      }
    }
    return target;
  }
  function repeat(string, count) {
    let result = "";
    for (let cycle = 0; cycle < count; cycle += 1) {
      result += string;
    }
    return result;
  }
  function isNegativeZero(number) {
    return number === 0 && Number.NEGATIVE_INFINITY === 1 / number;
  }
  common.isNothing = isNothing;
  common.isObject = isObject;
  common.toArray = toArray;
  common.repeat = repeat;
  common.isNegativeZero = isNegativeZero;
  common.extend = extend;
  return common;
}
var exception;
var hasRequiredException;
function requireException() {
  if (hasRequiredException) return exception;
  hasRequiredException = 1;
  function formatError(exception2, compact) {
    let where2 = "";
    const message = exception2.reason || "(unknown reason)";
    if (!exception2.mark) return message;
    if (exception2.mark.name) {
      where2 += 'in "' + exception2.mark.name + '" ';
    }
    where2 += "(" + (exception2.mark.line + 1) + ":" + (exception2.mark.column + 1) + ")";
    if (!compact && exception2.mark.snippet) {
      where2 += "\n\n" + exception2.mark.snippet;
    }
    return message + " " + where2;
  }
  function YAMLException2(reason, mark) {
    Error.call(this);
    this.name = "YAMLException";
    this.reason = reason;
    this.mark = mark;
    this.message = formatError(this, false);
    if (Error.captureStackTrace) {
      Error.captureStackTrace(this, this.constructor);
    } else {
      this.stack = new Error().stack || "";
    }
  }
  YAMLException2.prototype = Object.create(Error.prototype);
  YAMLException2.prototype.constructor = YAMLException2;
  YAMLException2.prototype.toString = function toString(compact) {
    return this.name + ": " + formatError(this, compact);
  };
  exception = YAMLException2;
  return exception;
}
var snippet;
var hasRequiredSnippet;
function requireSnippet() {
  if (hasRequiredSnippet) return snippet;
  hasRequiredSnippet = 1;
  const common2 = requireCommon();
  function getLine(buffer, lineStart, lineEnd, position, maxLineLength) {
    let head = "";
    let tail = "";
    const maxHalfLength = Math.floor(maxLineLength / 2) - 1;
    if (position - lineStart > maxHalfLength) {
      head = " ... ";
      lineStart = position - maxHalfLength + head.length;
    }
    if (lineEnd - position > maxHalfLength) {
      tail = " ...";
      lineEnd = position + maxHalfLength - tail.length;
    }
    return {
      str: head + buffer.slice(lineStart, lineEnd).replace(/\t/g, "→") + tail,
      pos: position - lineStart + head.length
      // relative position
    };
  }
  function padStart(string, max) {
    return common2.repeat(" ", max - string.length) + string;
  }
  function makeSnippet(mark, options) {
    options = Object.create(options || null);
    if (!mark.buffer) return null;
    if (!options.maxLength) options.maxLength = 79;
    if (typeof options.indent !== "number") options.indent = 1;
    if (typeof options.linesBefore !== "number") options.linesBefore = 3;
    if (typeof options.linesAfter !== "number") options.linesAfter = 2;
    const re = /\r?\n|\r|\0/g;
    const lineStarts = [0];
    const lineEnds = [];
    let match;
    let foundLineNo = -1;
    while (match = re.exec(mark.buffer)) {
      lineEnds.push(match.index);
      lineStarts.push(match.index + match[0].length);
      if (mark.position <= match.index && foundLineNo < 0) {
        foundLineNo = lineStarts.length - 2;
      }
    }
    if (foundLineNo < 0) foundLineNo = lineStarts.length - 1;
    let result = "";
    const lineNoLength = Math.min(mark.line + options.linesAfter, lineEnds.length).toString().length;
    const maxLineLength = options.maxLength - (options.indent + lineNoLength + 3);
    for (let i = 1; i <= options.linesBefore; i++) {
      if (foundLineNo - i < 0) break;
      const line2 = getLine(
        mark.buffer,
        lineStarts[foundLineNo - i],
        lineEnds[foundLineNo - i],
        mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo - i]),
        maxLineLength
      );
      result = common2.repeat(" ", options.indent) + padStart((mark.line - i + 1).toString(), lineNoLength) + " | " + line2.str + "\n" + result;
    }
    const line = getLine(mark.buffer, lineStarts[foundLineNo], lineEnds[foundLineNo], mark.position, maxLineLength);
    result += common2.repeat(" ", options.indent) + padStart((mark.line + 1).toString(), lineNoLength) + " | " + line.str + "\n";
    result += common2.repeat("-", options.indent + lineNoLength + 3 + line.pos) + "^\n";
    for (let i = 1; i <= options.linesAfter; i++) {
      if (foundLineNo + i >= lineEnds.length) break;
      const line2 = getLine(
        mark.buffer,
        lineStarts[foundLineNo + i],
        lineEnds[foundLineNo + i],
        mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo + i]),
        maxLineLength
      );
      result += common2.repeat(" ", options.indent) + padStart((mark.line + i + 1).toString(), lineNoLength) + " | " + line2.str + "\n";
    }
    return result.replace(/\n$/, "");
  }
  snippet = makeSnippet;
  return snippet;
}
var type;
var hasRequiredType;
function requireType() {
  if (hasRequiredType) return type;
  hasRequiredType = 1;
  const YAMLException2 = requireException();
  const TYPE_CONSTRUCTOR_OPTIONS = [
    "kind",
    "multi",
    "resolve",
    "construct",
    "instanceOf",
    "predicate",
    "represent",
    "representName",
    "defaultStyle",
    "styleAliases"
  ];
  const YAML_NODE_KINDS = [
    "scalar",
    "sequence",
    "mapping"
  ];
  function compileStyleAliases(map2) {
    const result = {};
    if (map2 !== null) {
      Object.keys(map2).forEach(function(style) {
        map2[style].forEach(function(alias) {
          result[String(alias)] = style;
        });
      });
    }
    return result;
  }
  function Type2(tag, options) {
    options = options || {};
    Object.keys(options).forEach(function(name) {
      if (TYPE_CONSTRUCTOR_OPTIONS.indexOf(name) === -1) {
        throw new YAMLException2('Unknown option "' + name + '" is met in definition of "' + tag + '" YAML type.');
      }
    });
    this.options = options;
    this.tag = tag;
    this.kind = options["kind"] || null;
    this.resolve = options["resolve"] || function() {
      return true;
    };
    this.construct = options["construct"] || function(data) {
      return data;
    };
    this.instanceOf = options["instanceOf"] || null;
    this.predicate = options["predicate"] || null;
    this.represent = options["represent"] || null;
    this.representName = options["representName"] || null;
    this.defaultStyle = options["defaultStyle"] || null;
    this.multi = options["multi"] || false;
    this.styleAliases = compileStyleAliases(options["styleAliases"] || null);
    if (YAML_NODE_KINDS.indexOf(this.kind) === -1) {
      throw new YAMLException2('Unknown kind "' + this.kind + '" is specified for "' + tag + '" YAML type.');
    }
  }
  type = Type2;
  return type;
}
var schema;
var hasRequiredSchema;
function requireSchema() {
  if (hasRequiredSchema) return schema;
  hasRequiredSchema = 1;
  const YAMLException2 = requireException();
  const Type2 = requireType();
  function compileList(schema2, name) {
    const result = [];
    schema2[name].forEach(function(currentType) {
      let newIndex = result.length;
      result.forEach(function(previousType, previousIndex) {
        if (previousType.tag === currentType.tag && previousType.kind === currentType.kind && previousType.multi === currentType.multi) {
          newIndex = previousIndex;
        }
      });
      result[newIndex] = currentType;
    });
    return result;
  }
  function compileMap() {
    const result = {
      scalar: {},
      sequence: {},
      mapping: {},
      fallback: {},
      multi: {
        scalar: [],
        sequence: [],
        mapping: [],
        fallback: []
      }
    };
    function collectType(type2) {
      if (type2.multi) {
        result.multi[type2.kind].push(type2);
        result.multi["fallback"].push(type2);
      } else {
        result[type2.kind][type2.tag] = result["fallback"][type2.tag] = type2;
      }
    }
    for (let index = 0, length = arguments.length; index < length; index += 1) {
      arguments[index].forEach(collectType);
    }
    return result;
  }
  function Schema2(definition) {
    return this.extend(definition);
  }
  Schema2.prototype.extend = function extend(definition) {
    let implicit = [];
    let explicit = [];
    if (definition instanceof Type2) {
      explicit.push(definition);
    } else if (Array.isArray(definition)) {
      explicit = explicit.concat(definition);
    } else if (definition && (Array.isArray(definition.implicit) || Array.isArray(definition.explicit))) {
      if (definition.implicit) implicit = implicit.concat(definition.implicit);
      if (definition.explicit) explicit = explicit.concat(definition.explicit);
    } else {
      throw new YAMLException2("Schema.extend argument should be a Type, [ Type ], or a schema definition ({ implicit: [...], explicit: [...] })");
    }
    implicit.forEach(function(type2) {
      if (!(type2 instanceof Type2)) {
        throw new YAMLException2("Specified list of YAML types (or a single Type object) contains a non-Type object.");
      }
      if (type2.loadKind && type2.loadKind !== "scalar") {
        throw new YAMLException2("There is a non-scalar type in the implicit list of a schema. Implicit resolving of such types is not supported.");
      }
      if (type2.multi) {
        throw new YAMLException2("There is a multi type in the implicit list of a schema. Multi tags can only be listed as explicit.");
      }
    });
    explicit.forEach(function(type2) {
      if (!(type2 instanceof Type2)) {
        throw new YAMLException2("Specified list of YAML types (or a single Type object) contains a non-Type object.");
      }
    });
    const result = Object.create(Schema2.prototype);
    result.implicit = (this.implicit || []).concat(implicit);
    result.explicit = (this.explicit || []).concat(explicit);
    result.compiledImplicit = compileList(result, "implicit");
    result.compiledExplicit = compileList(result, "explicit");
    result.compiledTypeMap = compileMap(result.compiledImplicit, result.compiledExplicit);
    return result;
  };
  schema = Schema2;
  return schema;
}
var str;
var hasRequiredStr;
function requireStr() {
  if (hasRequiredStr) return str;
  hasRequiredStr = 1;
  const Type2 = requireType();
  str = new Type2("tag:yaml.org,2002:str", {
    kind: "scalar",
    construct: function(data) {
      return data !== null ? data : "";
    }
  });
  return str;
}
var seq;
var hasRequiredSeq;
function requireSeq() {
  if (hasRequiredSeq) return seq;
  hasRequiredSeq = 1;
  const Type2 = requireType();
  seq = new Type2("tag:yaml.org,2002:seq", {
    kind: "sequence",
    construct: function(data) {
      return data !== null ? data : [];
    }
  });
  return seq;
}
var map;
var hasRequiredMap;
function requireMap() {
  if (hasRequiredMap) return map;
  hasRequiredMap = 1;
  const Type2 = requireType();
  map = new Type2("tag:yaml.org,2002:map", {
    kind: "mapping",
    construct: function(data) {
      return data !== null ? data : {};
    }
  });
  return map;
}
var failsafe;
var hasRequiredFailsafe;
function requireFailsafe() {
  if (hasRequiredFailsafe) return failsafe;
  hasRequiredFailsafe = 1;
  const Schema2 = requireSchema();
  failsafe = new Schema2({
    explicit: [
      requireStr(),
      requireSeq(),
      requireMap()
    ]
  });
  return failsafe;
}
var _null;
var hasRequired_null;
function require_null2() {
  if (hasRequired_null) return _null;
  hasRequired_null = 1;
  const Type2 = requireType();
  function resolveYamlNull(data) {
    if (data === null) return true;
    const max = data.length;
    return max === 1 && data === "~" || max === 4 && (data === "null" || data === "Null" || data === "NULL");
  }
  function constructYamlNull() {
    return null;
  }
  function isNull(object) {
    return object === null;
  }
  _null = new Type2("tag:yaml.org,2002:null", {
    kind: "scalar",
    resolve: resolveYamlNull,
    construct: constructYamlNull,
    predicate: isNull,
    represent: {
      canonical: function() {
        return "~";
      },
      lowercase: function() {
        return "null";
      },
      uppercase: function() {
        return "NULL";
      },
      camelcase: function() {
        return "Null";
      },
      empty: function() {
        return "";
      }
    },
    defaultStyle: "lowercase"
  });
  return _null;
}
var bool;
var hasRequiredBool;
function requireBool() {
  if (hasRequiredBool) return bool;
  hasRequiredBool = 1;
  const Type2 = requireType();
  function resolveYamlBoolean(data) {
    if (data === null) return false;
    const max = data.length;
    return max === 4 && (data === "true" || data === "True" || data === "TRUE") || max === 5 && (data === "false" || data === "False" || data === "FALSE");
  }
  function constructYamlBoolean(data) {
    return data === "true" || data === "True" || data === "TRUE";
  }
  function isBoolean(object) {
    return Object.prototype.toString.call(object) === "[object Boolean]";
  }
  bool = new Type2("tag:yaml.org,2002:bool", {
    kind: "scalar",
    resolve: resolveYamlBoolean,
    construct: constructYamlBoolean,
    predicate: isBoolean,
    represent: {
      lowercase: function(object) {
        return object ? "true" : "false";
      },
      uppercase: function(object) {
        return object ? "TRUE" : "FALSE";
      },
      camelcase: function(object) {
        return object ? "True" : "False";
      }
    },
    defaultStyle: "lowercase"
  });
  return bool;
}
var int;
var hasRequiredInt;
function requireInt() {
  if (hasRequiredInt) return int;
  hasRequiredInt = 1;
  const common2 = requireCommon();
  const Type2 = requireType();
  function isHexCode(c) {
    return c >= 48 && c <= 57 || c >= 65 && c <= 70 || c >= 97 && c <= 102;
  }
  function isOctCode(c) {
    return c >= 48 && c <= 55;
  }
  function isDecCode(c) {
    return c >= 48 && c <= 57;
  }
  function resolveYamlInteger(data) {
    if (data === null) return false;
    const max = data.length;
    let index = 0;
    let hasDigits = false;
    if (!max) return false;
    let ch = data[index];
    if (ch === "-" || ch === "+") {
      ch = data[++index];
    }
    if (ch === "0") {
      if (index + 1 === max) return true;
      ch = data[++index];
      if (ch === "b") {
        index++;
        for (; index < max; index++) {
          ch = data[index];
          if (ch !== "0" && ch !== "1") return false;
          hasDigits = true;
        }
        return hasDigits && isFinite(parseYamlInteger(data));
      }
      if (ch === "x") {
        index++;
        for (; index < max; index++) {
          if (!isHexCode(data.charCodeAt(index))) return false;
          hasDigits = true;
        }
        return hasDigits && isFinite(parseYamlInteger(data));
      }
      if (ch === "o") {
        index++;
        for (; index < max; index++) {
          if (!isOctCode(data.charCodeAt(index))) return false;
          hasDigits = true;
        }
        return hasDigits && isFinite(parseYamlInteger(data));
      }
    }
    for (; index < max; index++) {
      if (!isDecCode(data.charCodeAt(index))) {
        return false;
      }
      hasDigits = true;
    }
    if (!hasDigits) return false;
    return isFinite(parseYamlInteger(data));
  }
  function parseYamlInteger(data) {
    let value = data;
    let sign = 1;
    let ch = value[0];
    if (ch === "-" || ch === "+") {
      if (ch === "-") sign = -1;
      value = value.slice(1);
      ch = value[0];
    }
    if (value === "0") return 0;
    if (ch === "0") {
      if (value[1] === "b") return sign * parseInt(value.slice(2), 2);
      if (value[1] === "x") return sign * parseInt(value.slice(2), 16);
      if (value[1] === "o") return sign * parseInt(value.slice(2), 8);
    }
    return sign * parseInt(value, 10);
  }
  function constructYamlInteger(data) {
    return parseYamlInteger(data);
  }
  function isInteger(object) {
    return Object.prototype.toString.call(object) === "[object Number]" && (object % 1 === 0 && !common2.isNegativeZero(object));
  }
  int = new Type2("tag:yaml.org,2002:int", {
    kind: "scalar",
    resolve: resolveYamlInteger,
    construct: constructYamlInteger,
    predicate: isInteger,
    represent: {
      binary: function(obj) {
        return obj >= 0 ? "0b" + obj.toString(2) : "-0b" + obj.toString(2).slice(1);
      },
      octal: function(obj) {
        return obj >= 0 ? "0o" + obj.toString(8) : "-0o" + obj.toString(8).slice(1);
      },
      decimal: function(obj) {
        return obj.toString(10);
      },
      hexadecimal: function(obj) {
        return obj >= 0 ? "0x" + obj.toString(16).toUpperCase() : "-0x" + obj.toString(16).toUpperCase().slice(1);
      }
    },
    defaultStyle: "decimal",
    styleAliases: {
      binary: [2, "bin"],
      octal: [8, "oct"],
      decimal: [10, "dec"],
      hexadecimal: [16, "hex"]
    }
  });
  return int;
}
var float;
var hasRequiredFloat;
function requireFloat() {
  if (hasRequiredFloat) return float;
  hasRequiredFloat = 1;
  const common2 = requireCommon();
  const Type2 = requireType();
  const YAML_FLOAT_PATTERN = new RegExp(
    // 2.5e4, 2.5 and integers
    "^(?:[-+]?(?:[0-9]+)(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
  );
  const YAML_FLOAT_SPECIAL_PATTERN = new RegExp(
    "^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
  );
  function resolveYamlFloat(data) {
    if (data === null) return false;
    if (!YAML_FLOAT_PATTERN.test(data)) {
      return false;
    }
    if (isFinite(parseFloat(data, 10))) {
      return true;
    }
    return YAML_FLOAT_SPECIAL_PATTERN.test(data);
  }
  function constructYamlFloat(data) {
    let value = data.toLowerCase();
    const sign = value[0] === "-" ? -1 : 1;
    if ("+-".indexOf(value[0]) >= 0) {
      value = value.slice(1);
    }
    if (value === ".inf") {
      return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    } else if (value === ".nan") {
      return NaN;
    }
    return sign * parseFloat(value, 10);
  }
  const SCIENTIFIC_WITHOUT_DOT = /^[-+]?[0-9]+e/;
  function representYamlFloat(object, style) {
    if (isNaN(object)) {
      switch (style) {
        case "lowercase":
          return ".nan";
        case "uppercase":
          return ".NAN";
        case "camelcase":
          return ".NaN";
      }
    } else if (Number.POSITIVE_INFINITY === object) {
      switch (style) {
        case "lowercase":
          return ".inf";
        case "uppercase":
          return ".INF";
        case "camelcase":
          return ".Inf";
      }
    } else if (Number.NEGATIVE_INFINITY === object) {
      switch (style) {
        case "lowercase":
          return "-.inf";
        case "uppercase":
          return "-.INF";
        case "camelcase":
          return "-.Inf";
      }
    } else if (common2.isNegativeZero(object)) {
      return "-0.0";
    }
    const res = object.toString(10);
    return SCIENTIFIC_WITHOUT_DOT.test(res) ? res.replace("e", ".e") : res;
  }
  function isFloat(object) {
    return Object.prototype.toString.call(object) === "[object Number]" && (object % 1 !== 0 || common2.isNegativeZero(object));
  }
  float = new Type2("tag:yaml.org,2002:float", {
    kind: "scalar",
    resolve: resolveYamlFloat,
    construct: constructYamlFloat,
    predicate: isFloat,
    represent: representYamlFloat,
    defaultStyle: "lowercase"
  });
  return float;
}
var json;
var hasRequiredJson;
function requireJson() {
  if (hasRequiredJson) return json;
  hasRequiredJson = 1;
  json = requireFailsafe().extend({
    implicit: [
      require_null2(),
      requireBool(),
      requireInt(),
      requireFloat()
    ]
  });
  return json;
}
var core;
var hasRequiredCore;
function requireCore() {
  if (hasRequiredCore) return core;
  hasRequiredCore = 1;
  core = requireJson();
  return core;
}
var timestamp;
var hasRequiredTimestamp;
function requireTimestamp() {
  if (hasRequiredTimestamp) return timestamp;
  hasRequiredTimestamp = 1;
  const Type2 = requireType();
  const YAML_DATE_REGEXP = new RegExp(
    "^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$"
  );
  const YAML_TIMESTAMP_REGEXP = new RegExp(
    "^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \\t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\\.([0-9]*))?(?:[ \\t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?$"
  );
  function resolveYamlTimestamp(data) {
    if (data === null) return false;
    if (YAML_DATE_REGEXP.exec(data) !== null) return true;
    if (YAML_TIMESTAMP_REGEXP.exec(data) !== null) return true;
    return false;
  }
  function constructYamlTimestamp(data) {
    let fraction = 0;
    let delta = null;
    let match = YAML_DATE_REGEXP.exec(data);
    if (match === null) match = YAML_TIMESTAMP_REGEXP.exec(data);
    if (match === null) throw new Error("Date resolve error");
    const year = +match[1];
    const month = +match[2] - 1;
    const day = +match[3];
    if (!match[4]) {
      return new Date(Date.UTC(year, month, day));
    }
    const hour = +match[4];
    const minute = +match[5];
    const second = +match[6];
    if (match[7]) {
      fraction = match[7].slice(0, 3);
      while (fraction.length < 3) {
        fraction += "0";
      }
      fraction = +fraction;
    }
    if (match[9]) {
      const tzHour = +match[10];
      const tzMinute = +(match[11] || 0);
      delta = (tzHour * 60 + tzMinute) * 6e4;
      if (match[9] === "-") delta = -delta;
    }
    const date = new Date(Date.UTC(year, month, day, hour, minute, second, fraction));
    if (delta) date.setTime(date.getTime() - delta);
    return date;
  }
  function representYamlTimestamp(object) {
    return object.toISOString();
  }
  timestamp = new Type2("tag:yaml.org,2002:timestamp", {
    kind: "scalar",
    resolve: resolveYamlTimestamp,
    construct: constructYamlTimestamp,
    instanceOf: Date,
    represent: representYamlTimestamp
  });
  return timestamp;
}
var merge;
var hasRequiredMerge;
function requireMerge() {
  if (hasRequiredMerge) return merge;
  hasRequiredMerge = 1;
  const Type2 = requireType();
  function resolveYamlMerge(data) {
    return data === "<<" || data === null;
  }
  merge = new Type2("tag:yaml.org,2002:merge", {
    kind: "scalar",
    resolve: resolveYamlMerge
  });
  return merge;
}
var binary;
var hasRequiredBinary;
function requireBinary() {
  if (hasRequiredBinary) return binary;
  hasRequiredBinary = 1;
  const Type2 = requireType();
  const BASE64_MAP = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n\r";
  function resolveYamlBinary(data) {
    if (data === null) return false;
    let bitlen = 0;
    const max = data.length;
    const map2 = BASE64_MAP;
    for (let idx = 0; idx < max; idx++) {
      const code = map2.indexOf(data.charAt(idx));
      if (code > 64) continue;
      if (code < 0) return false;
      bitlen += 6;
    }
    return bitlen % 8 === 0;
  }
  function constructYamlBinary(data) {
    const input = data.replace(/[\r\n=]/g, "");
    const max = input.length;
    const map2 = BASE64_MAP;
    let bits = 0;
    const result = [];
    for (let idx = 0; idx < max; idx++) {
      if (idx % 4 === 0 && idx) {
        result.push(bits >> 16 & 255);
        result.push(bits >> 8 & 255);
        result.push(bits & 255);
      }
      bits = bits << 6 | map2.indexOf(input.charAt(idx));
    }
    const tailbits = max % 4 * 6;
    if (tailbits === 0) {
      result.push(bits >> 16 & 255);
      result.push(bits >> 8 & 255);
      result.push(bits & 255);
    } else if (tailbits === 18) {
      result.push(bits >> 10 & 255);
      result.push(bits >> 2 & 255);
    } else if (tailbits === 12) {
      result.push(bits >> 4 & 255);
    }
    return new Uint8Array(result);
  }
  function representYamlBinary(object) {
    let result = "";
    let bits = 0;
    const max = object.length;
    const map2 = BASE64_MAP;
    for (let idx = 0; idx < max; idx++) {
      if (idx % 3 === 0 && idx) {
        result += map2[bits >> 18 & 63];
        result += map2[bits >> 12 & 63];
        result += map2[bits >> 6 & 63];
        result += map2[bits & 63];
      }
      bits = (bits << 8) + object[idx];
    }
    const tail = max % 3;
    if (tail === 0) {
      result += map2[bits >> 18 & 63];
      result += map2[bits >> 12 & 63];
      result += map2[bits >> 6 & 63];
      result += map2[bits & 63];
    } else if (tail === 2) {
      result += map2[bits >> 10 & 63];
      result += map2[bits >> 4 & 63];
      result += map2[bits << 2 & 63];
      result += map2[64];
    } else if (tail === 1) {
      result += map2[bits >> 2 & 63];
      result += map2[bits << 4 & 63];
      result += map2[64];
      result += map2[64];
    }
    return result;
  }
  function isBinary(obj) {
    return Object.prototype.toString.call(obj) === "[object Uint8Array]";
  }
  binary = new Type2("tag:yaml.org,2002:binary", {
    kind: "scalar",
    resolve: resolveYamlBinary,
    construct: constructYamlBinary,
    predicate: isBinary,
    represent: representYamlBinary
  });
  return binary;
}
var omap;
var hasRequiredOmap;
function requireOmap() {
  if (hasRequiredOmap) return omap;
  hasRequiredOmap = 1;
  const Type2 = requireType();
  const _hasOwnProperty = Object.prototype.hasOwnProperty;
  const _toString = Object.prototype.toString;
  function resolveYamlOmap(data) {
    if (data === null) return true;
    const objectKeys = {};
    const object = data;
    for (let index = 0, length = object.length; index < length; index += 1) {
      const pair = object[index];
      let pairHasKey = false;
      if (_toString.call(pair) !== "[object Object]") return false;
      let pairKey;
      for (pairKey in pair) {
        if (_hasOwnProperty.call(pair, pairKey)) {
          if (!pairHasKey) pairHasKey = true;
          else return false;
        }
      }
      if (!pairHasKey) return false;
      if (_hasOwnProperty.call(objectKeys, pairKey)) return false;
      Object.defineProperty(objectKeys, pairKey, { value: true });
    }
    return true;
  }
  function constructYamlOmap(data) {
    return data !== null ? data : [];
  }
  omap = new Type2("tag:yaml.org,2002:omap", {
    kind: "sequence",
    resolve: resolveYamlOmap,
    construct: constructYamlOmap
  });
  return omap;
}
var pairs;
var hasRequiredPairs;
function requirePairs() {
  if (hasRequiredPairs) return pairs;
  hasRequiredPairs = 1;
  const Type2 = requireType();
  const _toString = Object.prototype.toString;
  function resolveYamlPairs(data) {
    if (data === null) return true;
    const object = data;
    const result = new Array(object.length);
    for (let index = 0, length = object.length; index < length; index += 1) {
      const pair = object[index];
      if (_toString.call(pair) !== "[object Object]") return false;
      const keys = Object.keys(pair);
      if (keys.length !== 1) return false;
      result[index] = [keys[0], pair[keys[0]]];
    }
    return true;
  }
  function constructYamlPairs(data) {
    if (data === null) return [];
    const object = data;
    const result = new Array(object.length);
    for (let index = 0, length = object.length; index < length; index += 1) {
      const pair = object[index];
      const keys = Object.keys(pair);
      result[index] = [keys[0], pair[keys[0]]];
    }
    return result;
  }
  pairs = new Type2("tag:yaml.org,2002:pairs", {
    kind: "sequence",
    resolve: resolveYamlPairs,
    construct: constructYamlPairs
  });
  return pairs;
}
var set;
var hasRequiredSet;
function requireSet() {
  if (hasRequiredSet) return set;
  hasRequiredSet = 1;
  const Type2 = requireType();
  const _hasOwnProperty = Object.prototype.hasOwnProperty;
  function resolveYamlSet(data) {
    if (data === null) return true;
    const object = data;
    for (const key in object) {
      if (_hasOwnProperty.call(object, key)) {
        if (object[key] !== null) return false;
      }
    }
    return true;
  }
  function constructYamlSet(data) {
    return data !== null ? data : {};
  }
  set = new Type2("tag:yaml.org,2002:set", {
    kind: "mapping",
    resolve: resolveYamlSet,
    construct: constructYamlSet
  });
  return set;
}
var _default;
var hasRequired_default;
function require_default() {
  if (hasRequired_default) return _default;
  hasRequired_default = 1;
  _default = requireCore().extend({
    implicit: [
      requireTimestamp(),
      requireMerge()
    ],
    explicit: [
      requireBinary(),
      requireOmap(),
      requirePairs(),
      requireSet()
    ]
  });
  return _default;
}
var hasRequiredLoader;
function requireLoader() {
  if (hasRequiredLoader) return loader;
  hasRequiredLoader = 1;
  const common2 = requireCommon();
  const YAMLException2 = requireException();
  const makeSnippet = requireSnippet();
  const DEFAULT_SCHEMA2 = require_default();
  const _hasOwnProperty = Object.prototype.hasOwnProperty;
  const CONTEXT_FLOW_IN = 1;
  const CONTEXT_FLOW_OUT = 2;
  const CONTEXT_BLOCK_IN = 3;
  const CONTEXT_BLOCK_OUT = 4;
  const CHOMPING_CLIP = 1;
  const CHOMPING_STRIP = 2;
  const CHOMPING_KEEP = 3;
  const PATTERN_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
  const PATTERN_NON_ASCII_LINE_BREAKS = /[\x85\u2028\u2029]/;
  const PATTERN_FLOW_INDICATORS = /[,\[\]{}]/;
  const PATTERN_TAG_HANDLE = /^(?:!|!!|![0-9A-Za-z-]+!)$/;
  const PATTERN_TAG_URI = /^(?:!|[^,\[\]{}])(?:%[0-9a-f]{2}|[0-9a-z\-#;/?:@&=+$,_.!~*'()\[\]])*$/i;
  function _class(obj) {
    return Object.prototype.toString.call(obj);
  }
  function isEol(c) {
    return c === 10 || c === 13;
  }
  function isWhiteSpace(c) {
    return c === 9 || c === 32;
  }
  function isWsOrEol(c) {
    return c === 9 || c === 32 || c === 10 || c === 13;
  }
  function isFlowIndicator2(c) {
    return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
  }
  function fromHexCode(c) {
    if (c >= 48 && c <= 57) {
      return c - 48;
    }
    const lc = c | 32;
    if (lc >= 97 && lc <= 102) {
      return lc - 97 + 10;
    }
    return -1;
  }
  function escapedHexLen(c) {
    if (c === 120) {
      return 2;
    }
    if (c === 117) {
      return 4;
    }
    if (c === 85) {
      return 8;
    }
    return 0;
  }
  function fromDecimalCode(c) {
    if (c >= 48 && c <= 57) {
      return c - 48;
    }
    return -1;
  }
  function simpleEscapeSequence(c) {
    switch (c) {
      case 48:
        return "\0";
      case 97:
        return "\x07";
      case 98:
        return "\b";
      case 116:
        return "	";
      case 9:
        return "	";
      case 110:
        return "\n";
      case 118:
        return "\v";
      case 102:
        return "\f";
      case 114:
        return "\r";
      case 101:
        return "\x1B";
      case 32:
        return " ";
      case 34:
        return '"';
      case 47:
        return "/";
      case 92:
        return "\\";
      case 78:
        return "";
      case 95:
        return " ";
      case 76:
        return "\u2028";
      case 80:
        return "\u2029";
      default:
        return "";
    }
  }
  function charFromCodepoint(c) {
    if (c <= 65535) {
      return String.fromCharCode(c);
    }
    return String.fromCharCode(
      (c - 65536 >> 10) + 55296,
      (c - 65536 & 1023) + 56320
    );
  }
  function setProperty(object, key, value) {
    if (key === "__proto__") {
      Object.defineProperty(object, key, {
        configurable: true,
        enumerable: true,
        writable: true,
        value
      });
    } else {
      object[key] = value;
    }
  }
  const simpleEscapeCheck = new Array(256);
  const simpleEscapeMap = new Array(256);
  for (let i = 0; i < 256; i++) {
    simpleEscapeCheck[i] = simpleEscapeSequence(i) ? 1 : 0;
    simpleEscapeMap[i] = simpleEscapeSequence(i);
  }
  function State(input, options) {
    this.input = input;
    this.filename = options["filename"] || null;
    this.schema = options["schema"] || DEFAULT_SCHEMA2;
    this.onWarning = options["onWarning"] || null;
    this.legacy = options["legacy"] || false;
    this.json = options["json"] || false;
    this.listener = options["listener"] || null;
    this.maxDepth = typeof options["maxDepth"] === "number" ? options["maxDepth"] : 100;
    this.maxTotalMergeKeys = typeof options["maxTotalMergeKeys"] === "number" ? options["maxTotalMergeKeys"] : 1e4;
    this.implicitTypes = this.schema.compiledImplicit;
    this.typeMap = this.schema.compiledTypeMap;
    this.length = input.length;
    this.position = 0;
    this.line = 0;
    this.lineStart = 0;
    this.lineIndent = 0;
    this.depth = 0;
    this.totalMergeKeys = 0;
    this.firstTabInLine = -1;
    this.documents = [];
    this.anchorMapTransactions = [];
  }
  function generateError(state, message) {
    const mark = {
      name: state.filename,
      buffer: state.input.slice(0, -1),
      // omit trailing \0
      position: state.position,
      line: state.line,
      column: state.position - state.lineStart
    };
    mark.snippet = makeSnippet(mark);
    return new YAMLException2(message, mark);
  }
  function throwError(state, message) {
    throw generateError(state, message);
  }
  function throwWarning(state, message) {
    if (state.onWarning) {
      state.onWarning.call(null, generateError(state, message));
    }
  }
  function storeAnchor(state, name, value) {
    const transactions = state.anchorMapTransactions;
    if (transactions.length !== 0) {
      const transaction = transactions[transactions.length - 1];
      if (!_hasOwnProperty.call(transaction, name)) {
        transaction[name] = {
          existed: _hasOwnProperty.call(state.anchorMap, name),
          value: state.anchorMap[name]
        };
      }
    }
    state.anchorMap[name] = value;
  }
  function beginAnchorTransaction(state) {
    state.anchorMapTransactions.push(/* @__PURE__ */ Object.create(null));
  }
  function commitAnchorTransaction(state) {
    const transaction = state.anchorMapTransactions.pop();
    const transactions = state.anchorMapTransactions;
    if (transactions.length === 0) return;
    const parent = transactions[transactions.length - 1];
    const names = Object.keys(transaction);
    for (let index = 0, length = names.length; index < length; index += 1) {
      const name = names[index];
      if (!_hasOwnProperty.call(parent, name)) {
        parent[name] = transaction[name];
      }
    }
  }
  function rollbackAnchorTransaction(state) {
    const transaction = state.anchorMapTransactions.pop();
    const names = Object.keys(transaction);
    for (let index = names.length - 1; index >= 0; index -= 1) {
      const entry = transaction[names[index]];
      if (entry.existed) {
        state.anchorMap[names[index]] = entry.value;
      } else {
        delete state.anchorMap[names[index]];
      }
    }
  }
  function snapshotState(state) {
    return {
      position: state.position,
      line: state.line,
      lineStart: state.lineStart,
      lineIndent: state.lineIndent,
      firstTabInLine: state.firstTabInLine,
      tag: state.tag,
      anchor: state.anchor,
      kind: state.kind,
      result: state.result
    };
  }
  function restoreState(state, snapshot) {
    state.position = snapshot.position;
    state.line = snapshot.line;
    state.lineStart = snapshot.lineStart;
    state.lineIndent = snapshot.lineIndent;
    state.firstTabInLine = snapshot.firstTabInLine;
    state.tag = snapshot.tag;
    state.anchor = snapshot.anchor;
    state.kind = snapshot.kind;
    state.result = snapshot.result;
  }
  const directiveHandlers = {
    YAML: function handleYamlDirective(state, name, args) {
      if (state.version !== null) {
        throwError(state, "duplication of %YAML directive");
      }
      if (args.length !== 1) {
        throwError(state, "YAML directive accepts exactly one argument");
      }
      const match = /^([0-9]+)\.([0-9]+)$/.exec(args[0]);
      if (match === null) {
        throwError(state, "ill-formed argument of the YAML directive");
      }
      const major = parseInt(match[1], 10);
      const minor = parseInt(match[2], 10);
      if (major !== 1) {
        throwError(state, "unacceptable YAML version of the document");
      }
      state.version = args[0];
      state.checkLineBreaks = minor < 2;
      if (minor !== 1 && minor !== 2) {
        throwWarning(state, "unsupported YAML version of the document");
      }
    },
    TAG: function handleTagDirective(state, name, args) {
      let prefix;
      if (args.length !== 2) {
        throwError(state, "TAG directive accepts exactly two arguments");
      }
      const handle = args[0];
      prefix = args[1];
      if (!PATTERN_TAG_HANDLE.test(handle)) {
        throwError(state, "ill-formed tag handle (first argument) of the TAG directive");
      }
      if (_hasOwnProperty.call(state.tagMap, handle)) {
        throwError(state, 'there is a previously declared suffix for "' + handle + '" tag handle');
      }
      if (!PATTERN_TAG_URI.test(prefix)) {
        throwError(state, "ill-formed tag prefix (second argument) of the TAG directive");
      }
      try {
        prefix = decodeURIComponent(prefix);
      } catch (err) {
        throwError(state, "tag prefix is malformed: " + prefix);
      }
      state.tagMap[handle] = prefix;
    }
  };
  function captureSegment(state, start, end, checkJson) {
    if (start < end) {
      const _result = state.input.slice(start, end);
      if (checkJson) {
        for (let _position = 0, _length = _result.length; _position < _length; _position += 1) {
          const _character = _result.charCodeAt(_position);
          if (!(_character === 9 || _character >= 32 && _character <= 1114111)) {
            throwError(state, "expected valid JSON character");
          }
        }
      } else if (PATTERN_NON_PRINTABLE.test(_result)) {
        throwError(state, "the stream contains non-printable characters");
      }
      state.result += _result;
    }
  }
  function chargeMergeWork(state) {
    state.totalMergeKeys++;
    if (state.maxTotalMergeKeys !== -1 && state.totalMergeKeys > state.maxTotalMergeKeys) {
      throwError(state, "merge keys exceeded maxTotalMergeKeys (" + state.maxTotalMergeKeys + ")");
    }
  }
  function mergeMappings(state, destination, source, overridableKeys) {
    if (!common2.isObject(source)) {
      throwError(state, "cannot merge mappings; the provided source object is unacceptable");
    }
    chargeMergeWork(state);
    const sourceKeys = Object.keys(source);
    for (let index = 0, quantity = sourceKeys.length; index < quantity; index += 1) {
      const key = sourceKeys[index];
      chargeMergeWork(state);
      if (!_hasOwnProperty.call(destination, key)) {
        setProperty(destination, key, source[key]);
        overridableKeys[key] = true;
      }
    }
  }
  function storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, valueNode, startLine, startLineStart, startPos) {
    if (Array.isArray(keyNode)) {
      keyNode = Array.prototype.slice.call(keyNode);
      for (let index = 0, quantity = keyNode.length; index < quantity; index += 1) {
        if (Array.isArray(keyNode[index])) {
          throwError(state, "nested arrays are not supported inside keys");
        }
        if (typeof keyNode === "object" && _class(keyNode[index]) === "[object Object]") {
          keyNode[index] = "[object Object]";
        }
      }
    }
    if (typeof keyNode === "object" && _class(keyNode) === "[object Object]") {
      keyNode = "[object Object]";
    }
    keyNode = String(keyNode);
    if (_result === null) {
      _result = {};
    }
    if (keyTag === "tag:yaml.org,2002:merge") {
      if (Array.isArray(valueNode)) {
        if (valueNode.length > 100) {
          throwError(state, "abnormal merge sequence size");
        }
        for (let index = 0, quantity = valueNode.length; index < quantity; index += 1) {
          mergeMappings(state, _result, valueNode[index], overridableKeys);
        }
      } else {
        mergeMappings(state, _result, valueNode, overridableKeys);
      }
    } else {
      if (!state.json && !_hasOwnProperty.call(overridableKeys, keyNode) && _hasOwnProperty.call(_result, keyNode)) {
        state.line = startLine || state.line;
        state.lineStart = startLineStart || state.lineStart;
        state.position = startPos || state.position;
        throwError(state, "duplicated mapping key");
      }
      setProperty(_result, keyNode, valueNode);
      delete overridableKeys[keyNode];
    }
    return _result;
  }
  function readLineBreak(state) {
    const ch = state.input.charCodeAt(state.position);
    if (ch === 10) {
      state.position++;
    } else if (ch === 13) {
      state.position++;
      if (state.input.charCodeAt(state.position) === 10) {
        state.position++;
      }
    } else {
      throwError(state, "a line break is expected");
    }
    state.line += 1;
    state.lineStart = state.position;
    state.firstTabInLine = -1;
  }
  function skipSeparationSpace(state, allowComments, checkIndent) {
    let lineBreaks = 0;
    let ch = state.input.charCodeAt(state.position);
    while (ch !== 0) {
      while (isWhiteSpace(ch)) {
        if (ch === 9 && state.firstTabInLine === -1) {
          state.firstTabInLine = state.position;
        }
        ch = state.input.charCodeAt(++state.position);
      }
      if (allowComments && ch === 35) {
        do {
          ch = state.input.charCodeAt(++state.position);
        } while (ch !== 10 && ch !== 13 && ch !== 0);
      }
      if (isEol(ch)) {
        readLineBreak(state);
        ch = state.input.charCodeAt(state.position);
        lineBreaks++;
        state.lineIndent = 0;
        while (ch === 32) {
          state.lineIndent++;
          ch = state.input.charCodeAt(++state.position);
        }
      } else {
        break;
      }
    }
    if (checkIndent !== -1 && lineBreaks !== 0 && state.lineIndent < checkIndent) {
      throwWarning(state, "deficient indentation");
    }
    return lineBreaks;
  }
  function testDocumentSeparator(state) {
    let _position = state.position;
    let ch = state.input.charCodeAt(_position);
    if ((ch === 45 || ch === 46) && ch === state.input.charCodeAt(_position + 1) && ch === state.input.charCodeAt(_position + 2)) {
      _position += 3;
      ch = state.input.charCodeAt(_position);
      if (ch === 0 || isWsOrEol(ch)) {
        return true;
      }
    }
    return false;
  }
  function writeFoldedLines(state, count) {
    if (count === 1) {
      state.result += " ";
    } else if (count > 1) {
      state.result += common2.repeat("\n", count - 1);
    }
  }
  function readPlainScalar(state, nodeIndent, withinFlowCollection) {
    let captureStart;
    let captureEnd;
    let hasPendingContent;
    let _line;
    let _lineStart;
    let _lineIndent;
    const _kind = state.kind;
    const _result = state.result;
    let ch = state.input.charCodeAt(state.position);
    if (isWsOrEol(ch) || isFlowIndicator2(ch) || ch === 35 || ch === 38 || ch === 42 || ch === 33 || ch === 124 || ch === 62 || ch === 39 || ch === 34 || ch === 37 || ch === 64 || ch === 96) {
      return false;
    }
    if (ch === 63 || ch === 45) {
      const following = state.input.charCodeAt(state.position + 1);
      if (isWsOrEol(following) || withinFlowCollection && isFlowIndicator2(following)) {
        return false;
      }
    }
    state.kind = "scalar";
    state.result = "";
    captureStart = captureEnd = state.position;
    hasPendingContent = false;
    while (ch !== 0) {
      if (ch === 58) {
        const following = state.input.charCodeAt(state.position + 1);
        if (isWsOrEol(following) || withinFlowCollection && isFlowIndicator2(following)) {
          break;
        }
      } else if (ch === 35) {
        const preceding = state.input.charCodeAt(state.position - 1);
        if (isWsOrEol(preceding)) {
          break;
        }
      } else if (state.position === state.lineStart && testDocumentSeparator(state) || withinFlowCollection && isFlowIndicator2(ch)) {
        break;
      } else if (isEol(ch)) {
        _line = state.line;
        _lineStart = state.lineStart;
        _lineIndent = state.lineIndent;
        skipSeparationSpace(state, false, -1);
        if (state.lineIndent >= nodeIndent) {
          hasPendingContent = true;
          ch = state.input.charCodeAt(state.position);
          continue;
        } else {
          state.position = captureEnd;
          state.line = _line;
          state.lineStart = _lineStart;
          state.lineIndent = _lineIndent;
          break;
        }
      }
      if (hasPendingContent) {
        captureSegment(state, captureStart, captureEnd, false);
        writeFoldedLines(state, state.line - _line);
        captureStart = captureEnd = state.position;
        hasPendingContent = false;
      }
      if (!isWhiteSpace(ch)) {
        captureEnd = state.position + 1;
      }
      ch = state.input.charCodeAt(++state.position);
    }
    captureSegment(state, captureStart, captureEnd, false);
    if (state.result) {
      return true;
    }
    state.kind = _kind;
    state.result = _result;
    return false;
  }
  function readSingleQuotedScalar(state, nodeIndent) {
    let captureStart;
    let captureEnd;
    let ch = state.input.charCodeAt(state.position);
    if (ch !== 39) {
      return false;
    }
    state.kind = "scalar";
    state.result = "";
    state.position++;
    captureStart = captureEnd = state.position;
    while ((ch = state.input.charCodeAt(state.position)) !== 0) {
      if (ch === 39) {
        captureSegment(state, captureStart, state.position, true);
        ch = state.input.charCodeAt(++state.position);
        if (ch === 39) {
          captureStart = state.position;
          state.position++;
          captureEnd = state.position;
        } else {
          return true;
        }
      } else if (isEol(ch)) {
        captureSegment(state, captureStart, captureEnd, true);
        writeFoldedLines(state, skipSeparationSpace(state, false, nodeIndent));
        captureStart = captureEnd = state.position;
      } else if (state.position === state.lineStart && testDocumentSeparator(state)) {
        throwError(state, "unexpected end of the document within a single quoted scalar");
      } else {
        state.position++;
        if (!isWhiteSpace(ch)) {
          captureEnd = state.position;
        }
      }
    }
    throwError(state, "unexpected end of the stream within a single quoted scalar");
  }
  function readDoubleQuotedScalar(state, nodeIndent) {
    let captureStart;
    let captureEnd;
    let tmp;
    let ch = state.input.charCodeAt(state.position);
    if (ch !== 34) {
      return false;
    }
    state.kind = "scalar";
    state.result = "";
    state.position++;
    captureStart = captureEnd = state.position;
    while ((ch = state.input.charCodeAt(state.position)) !== 0) {
      if (ch === 34) {
        captureSegment(state, captureStart, state.position, true);
        state.position++;
        return true;
      } else if (ch === 92) {
        captureSegment(state, captureStart, state.position, true);
        ch = state.input.charCodeAt(++state.position);
        if (isEol(ch)) {
          skipSeparationSpace(state, false, nodeIndent);
        } else if (ch < 256 && simpleEscapeCheck[ch]) {
          state.result += simpleEscapeMap[ch];
          state.position++;
        } else if ((tmp = escapedHexLen(ch)) > 0) {
          let hexLength = tmp;
          let hexResult = 0;
          for (; hexLength > 0; hexLength--) {
            ch = state.input.charCodeAt(++state.position);
            if ((tmp = fromHexCode(ch)) >= 0) {
              hexResult = (hexResult << 4) + tmp;
            } else {
              throwError(state, "expected hexadecimal character");
            }
          }
          state.result += charFromCodepoint(hexResult);
          state.position++;
        } else {
          throwError(state, "unknown escape sequence");
        }
        captureStart = captureEnd = state.position;
      } else if (isEol(ch)) {
        captureSegment(state, captureStart, captureEnd, true);
        writeFoldedLines(state, skipSeparationSpace(state, false, nodeIndent));
        captureStart = captureEnd = state.position;
      } else if (state.position === state.lineStart && testDocumentSeparator(state)) {
        throwError(state, "unexpected end of the document within a double quoted scalar");
      } else {
        state.position++;
        if (!isWhiteSpace(ch)) {
          captureEnd = state.position;
        }
      }
    }
    throwError(state, "unexpected end of the stream within a double quoted scalar");
  }
  function readFlowCollection(state, nodeIndent) {
    let readNext = true;
    let _line;
    let _lineStart;
    let _pos;
    const _tag = state.tag;
    let _result;
    const _anchor = state.anchor;
    let terminator;
    let isPair;
    let isExplicitPair;
    let isMapping;
    const overridableKeys = /* @__PURE__ */ Object.create(null);
    let keyNode;
    let keyTag;
    let valueNode;
    let ch = state.input.charCodeAt(state.position);
    if (ch === 91) {
      terminator = 93;
      isMapping = false;
      _result = [];
    } else if (ch === 123) {
      terminator = 125;
      isMapping = true;
      _result = {};
    } else {
      return false;
    }
    if (state.anchor !== null) {
      storeAnchor(state, state.anchor, _result);
    }
    ch = state.input.charCodeAt(++state.position);
    while (ch !== 0) {
      skipSeparationSpace(state, true, nodeIndent);
      ch = state.input.charCodeAt(state.position);
      if (ch === terminator) {
        state.position++;
        state.tag = _tag;
        state.anchor = _anchor;
        state.kind = isMapping ? "mapping" : "sequence";
        state.result = _result;
        return true;
      } else if (!readNext) {
        throwError(state, "missed comma between flow collection entries");
      } else if (ch === 44) {
        throwError(state, "expected the node content, but found ','");
      }
      keyTag = keyNode = valueNode = null;
      isPair = isExplicitPair = false;
      if (ch === 63) {
        const following = state.input.charCodeAt(state.position + 1);
        if (isWsOrEol(following)) {
          isPair = isExplicitPair = true;
          state.position++;
          skipSeparationSpace(state, true, nodeIndent);
        }
      }
      _line = state.line;
      _lineStart = state.lineStart;
      _pos = state.position;
      composeNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true);
      keyTag = state.tag;
      keyNode = state.result;
      skipSeparationSpace(state, true, nodeIndent);
      ch = state.input.charCodeAt(state.position);
      if ((isExplicitPair || state.line === _line) && ch === 58) {
        isPair = true;
        ch = state.input.charCodeAt(++state.position);
        skipSeparationSpace(state, true, nodeIndent);
        composeNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true);
        valueNode = state.result;
      }
      if (isMapping) {
        storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, valueNode, _line, _lineStart, _pos);
      } else if (isPair) {
        _result.push(storeMappingPair(state, null, overridableKeys, keyTag, keyNode, valueNode, _line, _lineStart, _pos));
      } else {
        _result.push(keyNode);
      }
      skipSeparationSpace(state, true, nodeIndent);
      ch = state.input.charCodeAt(state.position);
      if (ch === 44) {
        readNext = true;
        ch = state.input.charCodeAt(++state.position);
      } else {
        readNext = false;
      }
    }
    throwError(state, "unexpected end of the stream within a flow collection");
  }
  function readBlockScalar(state, nodeIndent) {
    let folding;
    let chomping = CHOMPING_CLIP;
    let didReadContent = false;
    let detectedIndent = false;
    let textIndent = nodeIndent;
    let emptyLines = 0;
    let atMoreIndented = false;
    let tmp;
    let ch = state.input.charCodeAt(state.position);
    if (ch === 124) {
      folding = false;
    } else if (ch === 62) {
      folding = true;
    } else {
      return false;
    }
    state.kind = "scalar";
    state.result = "";
    while (ch !== 0) {
      ch = state.input.charCodeAt(++state.position);
      if (ch === 43 || ch === 45) {
        if (CHOMPING_CLIP === chomping) {
          chomping = ch === 43 ? CHOMPING_KEEP : CHOMPING_STRIP;
        } else {
          throwError(state, "repeat of a chomping mode identifier");
        }
      } else if ((tmp = fromDecimalCode(ch)) >= 0) {
        if (tmp === 0) {
          throwError(state, "bad explicit indentation width of a block scalar; it cannot be less than one");
        } else if (!detectedIndent) {
          textIndent = nodeIndent + tmp - 1;
          detectedIndent = true;
        } else {
          throwError(state, "repeat of an indentation width identifier");
        }
      } else {
        break;
      }
    }
    if (isWhiteSpace(ch)) {
      do {
        ch = state.input.charCodeAt(++state.position);
      } while (isWhiteSpace(ch));
      if (ch === 35) {
        do {
          ch = state.input.charCodeAt(++state.position);
        } while (!isEol(ch) && ch !== 0);
      }
    }
    while (ch !== 0) {
      readLineBreak(state);
      state.lineIndent = 0;
      ch = state.input.charCodeAt(state.position);
      while ((!detectedIndent || state.lineIndent < textIndent) && ch === 32) {
        state.lineIndent++;
        ch = state.input.charCodeAt(++state.position);
      }
      if (!detectedIndent && state.lineIndent > textIndent) {
        textIndent = state.lineIndent;
      }
      if (isEol(ch)) {
        emptyLines++;
        continue;
      }
      if (!detectedIndent && textIndent === 0) {
        throwError(state, "missing indentation for block scalar");
      }
      if (state.lineIndent < textIndent) {
        if (chomping === CHOMPING_KEEP) {
          state.result += common2.repeat("\n", didReadContent ? 1 + emptyLines : emptyLines);
        } else if (chomping === CHOMPING_CLIP) {
          if (didReadContent) {
            state.result += "\n";
          }
        }
        break;
      }
      if (folding) {
        if (isWhiteSpace(ch)) {
          atMoreIndented = true;
          state.result += common2.repeat("\n", didReadContent ? 1 + emptyLines : emptyLines);
        } else if (atMoreIndented) {
          atMoreIndented = false;
          state.result += common2.repeat("\n", emptyLines + 1);
        } else if (emptyLines === 0) {
          if (didReadContent) {
            state.result += " ";
          }
        } else {
          state.result += common2.repeat("\n", emptyLines);
        }
      } else {
        state.result += common2.repeat("\n", didReadContent ? 1 + emptyLines : emptyLines);
      }
      didReadContent = true;
      detectedIndent = true;
      emptyLines = 0;
      const captureStart = state.position;
      while (!isEol(ch) && ch !== 0) {
        ch = state.input.charCodeAt(++state.position);
      }
      captureSegment(state, captureStart, state.position, false);
    }
    return true;
  }
  function readBlockSequence(state, nodeIndent) {
    const _tag = state.tag;
    const _anchor = state.anchor;
    const _result = [];
    let detected = false;
    if (state.firstTabInLine !== -1) return false;
    if (state.anchor !== null) {
      storeAnchor(state, state.anchor, _result);
    }
    let ch = state.input.charCodeAt(state.position);
    while (ch !== 0) {
      if (state.firstTabInLine !== -1) {
        state.position = state.firstTabInLine;
        throwError(state, "tab characters must not be used in indentation");
      }
      if (ch !== 45) {
        break;
      }
      const following = state.input.charCodeAt(state.position + 1);
      if (!isWsOrEol(following)) {
        break;
      }
      detected = true;
      state.position++;
      if (skipSeparationSpace(state, true, -1)) {
        if (state.lineIndent <= nodeIndent) {
          _result.push(null);
          ch = state.input.charCodeAt(state.position);
          continue;
        }
      }
      const _line = state.line;
      composeNode(state, nodeIndent, CONTEXT_BLOCK_IN, false, true);
      _result.push(state.result);
      skipSeparationSpace(state, true, -1);
      ch = state.input.charCodeAt(state.position);
      if ((state.line === _line || state.lineIndent > nodeIndent) && ch !== 0) {
        throwError(state, "bad indentation of a sequence entry");
      } else if (state.lineIndent < nodeIndent) {
        break;
      }
    }
    if (detected) {
      state.tag = _tag;
      state.anchor = _anchor;
      state.kind = "sequence";
      state.result = _result;
      return true;
    }
    return false;
  }
  function readBlockMapping(state, nodeIndent, flowIndent) {
    let allowCompact;
    let _keyLine;
    let _keyLineStart;
    let _keyPos;
    const _tag = state.tag;
    const _anchor = state.anchor;
    const _result = {};
    const overridableKeys = /* @__PURE__ */ Object.create(null);
    let keyTag = null;
    let keyNode = null;
    let valueNode = null;
    let atExplicitKey = false;
    let detected = false;
    if (state.firstTabInLine !== -1) return false;
    if (state.anchor !== null) {
      storeAnchor(state, state.anchor, _result);
    }
    let ch = state.input.charCodeAt(state.position);
    while (ch !== 0) {
      if (!atExplicitKey && state.firstTabInLine !== -1) {
        state.position = state.firstTabInLine;
        throwError(state, "tab characters must not be used in indentation");
      }
      const following = state.input.charCodeAt(state.position + 1);
      const _line = state.line;
      if ((ch === 63 || ch === 58) && isWsOrEol(following)) {
        if (ch === 63) {
          if (atExplicitKey) {
            storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, null, _keyLine, _keyLineStart, _keyPos);
            keyTag = keyNode = valueNode = null;
          }
          detected = true;
          atExplicitKey = true;
          allowCompact = true;
        } else if (atExplicitKey) {
          atExplicitKey = false;
          allowCompact = true;
        } else {
          throwError(state, "incomplete explicit mapping pair; a key node is missed; or followed by a non-tabulated empty line");
        }
        state.position += 1;
        ch = following;
      } else {
        _keyLine = state.line;
        _keyLineStart = state.lineStart;
        _keyPos = state.position;
        if (!composeNode(state, flowIndent, CONTEXT_FLOW_OUT, false, true)) {
          break;
        }
        if (state.line === _line) {
          ch = state.input.charCodeAt(state.position);
          while (isWhiteSpace(ch)) {
            ch = state.input.charCodeAt(++state.position);
          }
          if (ch === 58) {
            ch = state.input.charCodeAt(++state.position);
            if (!isWsOrEol(ch)) {
              throwError(state, "a whitespace character is expected after the key-value separator within a block mapping");
            }
            if (atExplicitKey) {
              storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, null, _keyLine, _keyLineStart, _keyPos);
              keyTag = keyNode = valueNode = null;
            }
            detected = true;
            atExplicitKey = false;
            allowCompact = false;
            keyTag = state.tag;
            keyNode = state.result;
          } else if (detected) {
            throwError(state, "can not read an implicit mapping pair; a colon is missed");
          } else {
            state.tag = _tag;
            state.anchor = _anchor;
            return true;
          }
        } else if (detected) {
          throwError(state, "can not read a block mapping entry; a multiline key may not be an implicit key");
        } else {
          state.tag = _tag;
          state.anchor = _anchor;
          return true;
        }
      }
      if (state.line === _line || state.lineIndent > nodeIndent) {
        if (atExplicitKey) {
          _keyLine = state.line;
          _keyLineStart = state.lineStart;
          _keyPos = state.position;
        }
        if (composeNode(state, nodeIndent, CONTEXT_BLOCK_OUT, true, allowCompact)) {
          if (atExplicitKey) {
            keyNode = state.result;
          } else {
            valueNode = state.result;
          }
        }
        if (!atExplicitKey) {
          storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, valueNode, _keyLine, _keyLineStart, _keyPos);
          keyTag = keyNode = valueNode = null;
        }
        skipSeparationSpace(state, true, -1);
        ch = state.input.charCodeAt(state.position);
      }
      if ((state.line === _line || state.lineIndent > nodeIndent) && ch !== 0) {
        throwError(state, "bad indentation of a mapping entry");
      } else if (state.lineIndent < nodeIndent) {
        break;
      }
    }
    if (atExplicitKey) {
      storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, null, _keyLine, _keyLineStart, _keyPos);
    }
    if (detected) {
      state.tag = _tag;
      state.anchor = _anchor;
      state.kind = "mapping";
      state.result = _result;
    }
    return detected;
  }
  function readTagProperty(state) {
    let isVerbatim = false;
    let isNamed = false;
    let tagHandle;
    let tagName;
    let ch = state.input.charCodeAt(state.position);
    if (ch !== 33) return false;
    if (state.tag !== null) {
      throwError(state, "duplication of a tag property");
    }
    ch = state.input.charCodeAt(++state.position);
    if (ch === 60) {
      isVerbatim = true;
      ch = state.input.charCodeAt(++state.position);
    } else if (ch === 33) {
      isNamed = true;
      tagHandle = "!!";
      ch = state.input.charCodeAt(++state.position);
    } else {
      tagHandle = "!";
    }
    let _position = state.position;
    if (isVerbatim) {
      do {
        ch = state.input.charCodeAt(++state.position);
      } while (ch !== 0 && ch !== 62);
      if (state.position < state.length) {
        tagName = state.input.slice(_position, state.position);
        ch = state.input.charCodeAt(++state.position);
      } else {
        throwError(state, "unexpected end of the stream within a verbatim tag");
      }
    } else {
      while (ch !== 0 && !isWsOrEol(ch)) {
        if (ch === 33) {
          if (!isNamed) {
            tagHandle = state.input.slice(_position - 1, state.position + 1);
            if (!PATTERN_TAG_HANDLE.test(tagHandle)) {
              throwError(state, "named tag handle cannot contain such characters");
            }
            isNamed = true;
            _position = state.position + 1;
          } else {
            throwError(state, "tag suffix cannot contain exclamation marks");
          }
        }
        ch = state.input.charCodeAt(++state.position);
      }
      tagName = state.input.slice(_position, state.position);
      if (PATTERN_FLOW_INDICATORS.test(tagName)) {
        throwError(state, "tag suffix cannot contain flow indicator characters");
      }
    }
    if (tagName && !PATTERN_TAG_URI.test(tagName)) {
      throwError(state, "tag name cannot contain such characters: " + tagName);
    }
    try {
      tagName = decodeURIComponent(tagName);
    } catch (err) {
      throwError(state, "tag name is malformed: " + tagName);
    }
    if (isVerbatim) {
      state.tag = tagName;
    } else if (_hasOwnProperty.call(state.tagMap, tagHandle)) {
      state.tag = state.tagMap[tagHandle] + tagName;
    } else if (tagHandle === "!") {
      state.tag = "!" + tagName;
    } else if (tagHandle === "!!") {
      state.tag = "tag:yaml.org,2002:" + tagName;
    } else {
      throwError(state, 'undeclared tag handle "' + tagHandle + '"');
    }
    return true;
  }
  function readAnchorProperty(state) {
    let ch = state.input.charCodeAt(state.position);
    if (ch !== 38) return false;
    if (state.anchor !== null) {
      throwError(state, "duplication of an anchor property");
    }
    ch = state.input.charCodeAt(++state.position);
    const _position = state.position;
    while (ch !== 0 && !isWsOrEol(ch) && !isFlowIndicator2(ch)) {
      ch = state.input.charCodeAt(++state.position);
    }
    if (state.position === _position) {
      throwError(state, "name of an anchor node must contain at least one character");
    }
    state.anchor = state.input.slice(_position, state.position);
    return true;
  }
  function readAlias(state) {
    let ch = state.input.charCodeAt(state.position);
    if (ch !== 42) return false;
    ch = state.input.charCodeAt(++state.position);
    const _position = state.position;
    while (ch !== 0 && !isWsOrEol(ch) && !isFlowIndicator2(ch)) {
      ch = state.input.charCodeAt(++state.position);
    }
    if (state.position === _position) {
      throwError(state, "name of an alias node must contain at least one character");
    }
    const alias = state.input.slice(_position, state.position);
    if (!_hasOwnProperty.call(state.anchorMap, alias)) {
      throwError(state, 'unidentified alias "' + alias + '"');
    }
    state.result = state.anchorMap[alias];
    skipSeparationSpace(state, true, -1);
    return true;
  }
  function tryReadBlockMappingFromProperty(state, propertyStart, nodeIndent, flowIndent) {
    const fallbackState = snapshotState(state);
    beginAnchorTransaction(state);
    restoreState(state, propertyStart);
    state.tag = null;
    state.anchor = null;
    state.kind = null;
    state.result = null;
    if (readBlockMapping(state, nodeIndent, flowIndent) && state.kind === "mapping") {
      commitAnchorTransaction(state);
      return true;
    }
    rollbackAnchorTransaction(state);
    restoreState(state, fallbackState);
    return false;
  }
  function composeNode(state, parentIndent, nodeContext, allowToSeek, allowCompact) {
    let allowBlockScalars;
    let allowBlockCollections;
    let indentStatus = 1;
    let atNewLine = false;
    let hasContent = false;
    let propertyStart = null;
    let type2;
    let flowIndent;
    let blockIndent;
    if (state.depth >= state.maxDepth) {
      throwError(state, "nesting exceeded maxDepth (" + state.maxDepth + ")");
    }
    state.depth += 1;
    if (state.listener !== null) {
      state.listener("open", state);
    }
    state.tag = null;
    state.anchor = null;
    state.kind = null;
    state.result = null;
    const allowBlockStyles = allowBlockScalars = allowBlockCollections = CONTEXT_BLOCK_OUT === nodeContext || CONTEXT_BLOCK_IN === nodeContext;
    if (allowToSeek) {
      if (skipSeparationSpace(state, true, -1)) {
        atNewLine = true;
        if (state.lineIndent > parentIndent) {
          indentStatus = 1;
        } else if (state.lineIndent === parentIndent) {
          indentStatus = 0;
        } else if (state.lineIndent < parentIndent) {
          indentStatus = -1;
        }
      }
    }
    if (indentStatus === 1) {
      while (true) {
        const ch = state.input.charCodeAt(state.position);
        const propertyState = snapshotState(state);
        if (atNewLine && (ch === 33 && state.tag !== null || ch === 38 && state.anchor !== null)) {
          break;
        }
        if (!readTagProperty(state) && !readAnchorProperty(state)) {
          break;
        }
        if (propertyStart === null) {
          propertyStart = propertyState;
        }
        if (skipSeparationSpace(state, true, -1)) {
          atNewLine = true;
          allowBlockCollections = allowBlockStyles;
          if (state.lineIndent > parentIndent) {
            indentStatus = 1;
          } else if (state.lineIndent === parentIndent) {
            indentStatus = 0;
          } else if (state.lineIndent < parentIndent) {
            indentStatus = -1;
          }
        } else {
          allowBlockCollections = false;
        }
      }
    }
    if (allowBlockCollections) {
      allowBlockCollections = atNewLine || allowCompact;
    }
    if (indentStatus === 1 || CONTEXT_BLOCK_OUT === nodeContext) {
      if (CONTEXT_FLOW_IN === nodeContext || CONTEXT_FLOW_OUT === nodeContext) {
        flowIndent = parentIndent;
      } else {
        flowIndent = parentIndent + 1;
      }
      blockIndent = state.position - state.lineStart;
      if (indentStatus === 1) {
        if (allowBlockCollections && (readBlockSequence(state, blockIndent) || readBlockMapping(state, blockIndent, flowIndent)) || readFlowCollection(state, flowIndent)) {
          hasContent = true;
        } else {
          const ch = state.input.charCodeAt(state.position);
          if (propertyStart !== null && allowBlockStyles && !allowBlockCollections && ch !== 124 && ch !== 62 && tryReadBlockMappingFromProperty(
            state,
            propertyStart,
            propertyStart.position - propertyStart.lineStart,
            flowIndent
          )) {
            hasContent = true;
          } else if (allowBlockScalars && readBlockScalar(state, flowIndent) || readSingleQuotedScalar(state, flowIndent) || readDoubleQuotedScalar(state, flowIndent)) {
            hasContent = true;
          } else if (readAlias(state)) {
            hasContent = true;
            if (state.tag !== null || state.anchor !== null) {
              throwError(state, "alias node should not have any properties");
            }
          } else if (readPlainScalar(state, flowIndent, CONTEXT_FLOW_IN === nodeContext)) {
            hasContent = true;
            if (state.tag === null) {
              state.tag = "?";
            }
          }
          if (state.anchor !== null) {
            storeAnchor(state, state.anchor, state.result);
          }
        }
      } else if (indentStatus === 0) {
        hasContent = allowBlockCollections && readBlockSequence(state, blockIndent);
      }
    }
    if (state.tag === null) {
      if (state.anchor !== null) {
        storeAnchor(state, state.anchor, state.result);
      }
    } else if (state.tag === "?") {
      if (state.result !== null && state.kind !== "scalar") {
        throwError(state, 'unacceptable node kind for !<?> tag; it should be "scalar", not "' + state.kind + '"');
      }
      for (let typeIndex = 0, typeQuantity = state.implicitTypes.length; typeIndex < typeQuantity; typeIndex += 1) {
        type2 = state.implicitTypes[typeIndex];
        if (type2.resolve(state.result)) {
          state.result = type2.construct(state.result);
          state.tag = type2.tag;
          if (state.anchor !== null) {
            storeAnchor(state, state.anchor, state.result);
          }
          break;
        }
      }
    } else if (state.tag !== "!") {
      if (_hasOwnProperty.call(state.typeMap[state.kind || "fallback"], state.tag)) {
        type2 = state.typeMap[state.kind || "fallback"][state.tag];
      } else {
        type2 = null;
        const typeList = state.typeMap.multi[state.kind || "fallback"];
        for (let typeIndex = 0, typeQuantity = typeList.length; typeIndex < typeQuantity; typeIndex += 1) {
          if (state.tag.slice(0, typeList[typeIndex].tag.length) === typeList[typeIndex].tag) {
            type2 = typeList[typeIndex];
            break;
          }
        }
      }
      if (!type2) {
        throwError(state, "unknown tag !<" + state.tag + ">");
      }
      if (state.result !== null && type2.kind !== state.kind) {
        throwError(state, "unacceptable node kind for !<" + state.tag + '> tag; it should be "' + type2.kind + '", not "' + state.kind + '"');
      }
      if (!type2.resolve(state.result, state.tag)) {
        throwError(state, "cannot resolve a node with !<" + state.tag + "> explicit tag");
      } else {
        state.result = type2.construct(state.result, state.tag);
        if (state.anchor !== null) {
          storeAnchor(state, state.anchor, state.result);
        }
      }
    }
    if (state.listener !== null) {
      state.listener("close", state);
    }
    state.depth -= 1;
    return state.tag !== null || state.anchor !== null || hasContent;
  }
  function readDocument(state) {
    const documentStart = state.position;
    let hasDirectives = false;
    let ch;
    state.version = null;
    state.checkLineBreaks = state.legacy;
    state.tagMap = /* @__PURE__ */ Object.create(null);
    state.anchorMap = /* @__PURE__ */ Object.create(null);
    while ((ch = state.input.charCodeAt(state.position)) !== 0) {
      skipSeparationSpace(state, true, -1);
      ch = state.input.charCodeAt(state.position);
      if (state.lineIndent > 0 || ch !== 37) {
        break;
      }
      hasDirectives = true;
      ch = state.input.charCodeAt(++state.position);
      let _position = state.position;
      while (ch !== 0 && !isWsOrEol(ch)) {
        ch = state.input.charCodeAt(++state.position);
      }
      const directiveName = state.input.slice(_position, state.position);
      const directiveArgs = [];
      if (directiveName.length < 1) {
        throwError(state, "directive name must not be less than one character in length");
      }
      while (ch !== 0) {
        while (isWhiteSpace(ch)) {
          ch = state.input.charCodeAt(++state.position);
        }
        if (ch === 35) {
          do {
            ch = state.input.charCodeAt(++state.position);
          } while (ch !== 0 && !isEol(ch));
          break;
        }
        if (isEol(ch)) break;
        _position = state.position;
        while (ch !== 0 && !isWsOrEol(ch)) {
          ch = state.input.charCodeAt(++state.position);
        }
        directiveArgs.push(state.input.slice(_position, state.position));
      }
      if (ch !== 0) readLineBreak(state);
      if (_hasOwnProperty.call(directiveHandlers, directiveName)) {
        directiveHandlers[directiveName](state, directiveName, directiveArgs);
      } else {
        throwWarning(state, 'unknown document directive "' + directiveName + '"');
      }
    }
    skipSeparationSpace(state, true, -1);
    if (state.lineIndent === 0 && state.input.charCodeAt(state.position) === 45 && state.input.charCodeAt(state.position + 1) === 45 && state.input.charCodeAt(state.position + 2) === 45) {
      state.position += 3;
      skipSeparationSpace(state, true, -1);
    } else if (hasDirectives) {
      throwError(state, "directives end mark is expected");
    }
    composeNode(state, state.lineIndent - 1, CONTEXT_BLOCK_OUT, false, true);
    skipSeparationSpace(state, true, -1);
    if (state.checkLineBreaks && PATTERN_NON_ASCII_LINE_BREAKS.test(state.input.slice(documentStart, state.position))) {
      throwWarning(state, "non-ASCII line breaks are interpreted as content");
    }
    state.documents.push(state.result);
    if (state.position === state.lineStart && testDocumentSeparator(state)) {
      if (state.input.charCodeAt(state.position) === 46) {
        state.position += 3;
        skipSeparationSpace(state, true, -1);
      }
      return;
    }
    if (state.position < state.length - 1) {
      throwError(state, "end of the stream or a document separator is expected");
    }
  }
  function loadDocuments(input, options) {
    input = String(input);
    options = options || {};
    if (input.length !== 0) {
      if (input.charCodeAt(input.length - 1) !== 10 && input.charCodeAt(input.length - 1) !== 13) {
        input += "\n";
      }
      if (input.charCodeAt(0) === 65279) {
        input = input.slice(1);
      }
    }
    const state = new State(input, options);
    const nullpos = input.indexOf("\0");
    if (nullpos !== -1) {
      state.position = nullpos;
      throwError(state, "null byte is not allowed in input");
    }
    state.input += "\0";
    while (state.input.charCodeAt(state.position) === 32) {
      state.lineIndent += 1;
      state.position += 1;
    }
    while (state.position < state.length - 1) {
      readDocument(state);
    }
    return state.documents;
  }
  function loadAll2(input, iterator, options) {
    if (iterator !== null && typeof iterator === "object" && typeof options === "undefined") {
      options = iterator;
      iterator = null;
    }
    const documents = loadDocuments(input, options);
    if (typeof iterator !== "function") {
      return documents;
    }
    for (let index = 0, length = documents.length; index < length; index += 1) {
      iterator(documents[index]);
    }
  }
  function load2(input, options) {
    const documents = loadDocuments(input, options);
    if (documents.length === 0) {
      return void 0;
    } else if (documents.length === 1) {
      return documents[0];
    }
    throw new YAMLException2("expected a single document in the stream, but found more");
  }
  loader.loadAll = loadAll2;
  loader.load = load2;
  return loader;
}
var dumper = {};
var hasRequiredDumper;
function requireDumper() {
  if (hasRequiredDumper) return dumper;
  hasRequiredDumper = 1;
  const common2 = requireCommon();
  const YAMLException2 = requireException();
  const DEFAULT_SCHEMA2 = require_default();
  const _toString = Object.prototype.toString;
  const _hasOwnProperty = Object.prototype.hasOwnProperty;
  const CHAR_BOM = 65279;
  const CHAR_TAB = 9;
  const CHAR_LINE_FEED = 10;
  const CHAR_CARRIAGE_RETURN = 13;
  const CHAR_SPACE = 32;
  const CHAR_EXCLAMATION = 33;
  const CHAR_DOUBLE_QUOTE = 34;
  const CHAR_SHARP = 35;
  const CHAR_PERCENT = 37;
  const CHAR_AMPERSAND = 38;
  const CHAR_SINGLE_QUOTE = 39;
  const CHAR_ASTERISK = 42;
  const CHAR_COMMA = 44;
  const CHAR_MINUS = 45;
  const CHAR_COLON = 58;
  const CHAR_EQUALS = 61;
  const CHAR_GREATER_THAN = 62;
  const CHAR_QUESTION = 63;
  const CHAR_COMMERCIAL_AT = 64;
  const CHAR_LEFT_SQUARE_BRACKET = 91;
  const CHAR_RIGHT_SQUARE_BRACKET = 93;
  const CHAR_GRAVE_ACCENT = 96;
  const CHAR_LEFT_CURLY_BRACKET = 123;
  const CHAR_VERTICAL_LINE = 124;
  const CHAR_RIGHT_CURLY_BRACKET = 125;
  const ESCAPE_SEQUENCES = {};
  ESCAPE_SEQUENCES[0] = "\\0";
  ESCAPE_SEQUENCES[7] = "\\a";
  ESCAPE_SEQUENCES[8] = "\\b";
  ESCAPE_SEQUENCES[9] = "\\t";
  ESCAPE_SEQUENCES[10] = "\\n";
  ESCAPE_SEQUENCES[11] = "\\v";
  ESCAPE_SEQUENCES[12] = "\\f";
  ESCAPE_SEQUENCES[13] = "\\r";
  ESCAPE_SEQUENCES[27] = "\\e";
  ESCAPE_SEQUENCES[34] = '\\"';
  ESCAPE_SEQUENCES[92] = "\\\\";
  ESCAPE_SEQUENCES[133] = "\\N";
  ESCAPE_SEQUENCES[160] = "\\_";
  ESCAPE_SEQUENCES[8232] = "\\L";
  ESCAPE_SEQUENCES[8233] = "\\P";
  const DEPRECATED_BOOLEANS_SYNTAX = [
    "y",
    "Y",
    "yes",
    "Yes",
    "YES",
    "on",
    "On",
    "ON",
    "n",
    "N",
    "no",
    "No",
    "NO",
    "off",
    "Off",
    "OFF"
  ];
  const DEPRECATED_BASE60_SYNTAX = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;
  function compileStyleMap(schema2, map2) {
    if (map2 === null) return {};
    const result = {};
    const keys = Object.keys(map2);
    for (let index = 0, length = keys.length; index < length; index += 1) {
      let tag = keys[index];
      let style = String(map2[tag]);
      if (tag.slice(0, 2) === "!!") {
        tag = "tag:yaml.org,2002:" + tag.slice(2);
      }
      const type2 = schema2.compiledTypeMap["fallback"][tag];
      if (type2 && _hasOwnProperty.call(type2.styleAliases, style)) {
        style = type2.styleAliases[style];
      }
      result[tag] = style;
    }
    return result;
  }
  function encodeHex(character) {
    let handle;
    let length;
    const string = character.toString(16).toUpperCase();
    if (character <= 255) {
      handle = "x";
      length = 2;
    } else if (character <= 65535) {
      handle = "u";
      length = 4;
    } else if (character <= 4294967295) {
      handle = "U";
      length = 8;
    } else {
      throw new YAMLException2("code point within a string may not be greater than 0xFFFFFFFF");
    }
    return "\\" + handle + common2.repeat("0", length - string.length) + string;
  }
  const QUOTING_TYPE_SINGLE = 1;
  const QUOTING_TYPE_DOUBLE = 2;
  function State(options) {
    this.schema = options["schema"] || DEFAULT_SCHEMA2;
    this.indent = Math.max(1, options["indent"] || 2);
    this.noArrayIndent = options["noArrayIndent"] || false;
    this.skipInvalid = options["skipInvalid"] || false;
    this.flowLevel = common2.isNothing(options["flowLevel"]) ? -1 : options["flowLevel"];
    this.styleMap = compileStyleMap(this.schema, options["styles"] || null);
    this.sortKeys = options["sortKeys"] || false;
    this.lineWidth = options["lineWidth"] || 80;
    this.noRefs = options["noRefs"] || false;
    this.noCompatMode = options["noCompatMode"] || false;
    this.condenseFlow = options["condenseFlow"] || false;
    this.quotingType = options["quotingType"] === '"' ? QUOTING_TYPE_DOUBLE : QUOTING_TYPE_SINGLE;
    this.forceQuotes = options["forceQuotes"] || false;
    this.replacer = typeof options["replacer"] === "function" ? options["replacer"] : null;
    this.implicitTypes = this.schema.compiledImplicit;
    this.explicitTypes = this.schema.compiledExplicit;
    this.tag = null;
    this.result = "";
    this.duplicates = [];
    this.usedDuplicates = null;
  }
  function indentString(string, spaces) {
    const ind = common2.repeat(" ", spaces);
    let position = 0;
    let result = "";
    const length = string.length;
    while (position < length) {
      let line;
      const next = string.indexOf("\n", position);
      if (next === -1) {
        line = string.slice(position);
        position = length;
      } else {
        line = string.slice(position, next + 1);
        position = next + 1;
      }
      if (line.length && line !== "\n") result += ind;
      result += line;
    }
    return result;
  }
  function generateNextLine(state, level) {
    return "\n" + common2.repeat(" ", state.indent * level);
  }
  function testImplicitResolving(state, str2) {
    for (let index = 0, length = state.implicitTypes.length; index < length; index += 1) {
      const type2 = state.implicitTypes[index];
      if (type2.resolve(str2)) {
        return true;
      }
    }
    return false;
  }
  function isWhitespace(c) {
    return c === CHAR_SPACE || c === CHAR_TAB;
  }
  function isPrintable(c) {
    return c >= 32 && c <= 126 || c >= 161 && c <= 55295 && c !== 8232 && c !== 8233 || c >= 57344 && c <= 65533 && c !== CHAR_BOM || c >= 65536 && c <= 1114111;
  }
  function isNsCharOrWhitespace(c) {
    return isPrintable(c) && c !== CHAR_BOM && // - b-char
    c !== CHAR_CARRIAGE_RETURN && c !== CHAR_LINE_FEED;
  }
  function isPlainSafe(c, prev, inblock) {
    const cIsNsCharOrWhitespace = isNsCharOrWhitespace(c);
    const cIsNsChar = cIsNsCharOrWhitespace && !isWhitespace(c);
    return (
      // ns-plain-safe
      (inblock ? cIsNsCharOrWhitespace : cIsNsCharOrWhitespace && // - c-flow-indicator
      c !== CHAR_COMMA && c !== CHAR_LEFT_SQUARE_BRACKET && c !== CHAR_RIGHT_SQUARE_BRACKET && c !== CHAR_LEFT_CURLY_BRACKET && c !== CHAR_RIGHT_CURLY_BRACKET) && // ns-plain-char
      c !== CHAR_SHARP && // false on '#'
      !(prev === CHAR_COLON && !cIsNsChar) || // false on ': '
      isNsCharOrWhitespace(prev) && !isWhitespace(prev) && c === CHAR_SHARP || // change to true on '[^ ]#'
      prev === CHAR_COLON && cIsNsChar
    );
  }
  function isPlainSafeFirst(c) {
    return isPrintable(c) && c !== CHAR_BOM && !isWhitespace(c) && // - s-white
    // - (c-indicator ::=
    // “-” | “?” | “:” | “,” | “[” | “]” | “{” | “}”
    c !== CHAR_MINUS && c !== CHAR_QUESTION && c !== CHAR_COLON && c !== CHAR_COMMA && c !== CHAR_LEFT_SQUARE_BRACKET && c !== CHAR_RIGHT_SQUARE_BRACKET && c !== CHAR_LEFT_CURLY_BRACKET && c !== CHAR_RIGHT_CURLY_BRACKET && // | “#” | “&” | “*” | “!” | “|” | “=” | “>” | “'” | “"”
    c !== CHAR_SHARP && c !== CHAR_AMPERSAND && c !== CHAR_ASTERISK && c !== CHAR_EXCLAMATION && c !== CHAR_VERTICAL_LINE && c !== CHAR_EQUALS && c !== CHAR_GREATER_THAN && c !== CHAR_SINGLE_QUOTE && c !== CHAR_DOUBLE_QUOTE && // | “%” | “@” | “`”)
    c !== CHAR_PERCENT && c !== CHAR_COMMERCIAL_AT && c !== CHAR_GRAVE_ACCENT;
  }
  function isPlainSafeLast(c) {
    return !isWhitespace(c) && c !== CHAR_COLON;
  }
  function codePointAt(string, pos) {
    const first = string.charCodeAt(pos);
    let second;
    if (first >= 55296 && first <= 56319 && pos + 1 < string.length) {
      second = string.charCodeAt(pos + 1);
      if (second >= 56320 && second <= 57343) {
        return (first - 55296) * 1024 + second - 56320 + 65536;
      }
    }
    return first;
  }
  function needIndentIndicator(string) {
    const leadingSpaceRe = /^\n* /;
    return leadingSpaceRe.test(string);
  }
  const STYLE_PLAIN = 1;
  const STYLE_SINGLE = 2;
  const STYLE_LITERAL = 3;
  const STYLE_FOLDED = 4;
  const STYLE_DOUBLE = 5;
  function chooseScalarStyle(string, singleLineOnly, indentPerLevel, lineWidth, testAmbiguousType, quotingType, forceQuotes, inblock) {
    let i;
    let char = 0;
    let prevChar = null;
    let hasLineBreak = false;
    let hasFoldableLine = false;
    const shouldTrackWidth = lineWidth !== -1;
    let previousLineBreak = -1;
    let plain = isPlainSafeFirst(codePointAt(string, 0)) && isPlainSafeLast(codePointAt(string, string.length - 1));
    if (singleLineOnly || forceQuotes) {
      for (i = 0; i < string.length; char >= 65536 ? i += 2 : i++) {
        char = codePointAt(string, i);
        if (!isPrintable(char)) {
          return STYLE_DOUBLE;
        }
        plain = plain && isPlainSafe(char, prevChar, inblock);
        prevChar = char;
      }
    } else {
      for (i = 0; i < string.length; char >= 65536 ? i += 2 : i++) {
        char = codePointAt(string, i);
        if (char === CHAR_LINE_FEED) {
          hasLineBreak = true;
          if (shouldTrackWidth) {
            hasFoldableLine = hasFoldableLine || // Foldable line = too long, and not more-indented.
            i - previousLineBreak - 1 > lineWidth && string[previousLineBreak + 1] !== " ";
            previousLineBreak = i;
          }
        } else if (!isPrintable(char)) {
          return STYLE_DOUBLE;
        }
        plain = plain && isPlainSafe(char, prevChar, inblock);
        prevChar = char;
      }
      hasFoldableLine = hasFoldableLine || shouldTrackWidth && (i - previousLineBreak - 1 > lineWidth && string[previousLineBreak + 1] !== " ");
    }
    if (!hasLineBreak && !hasFoldableLine) {
      if (plain && !forceQuotes && !testAmbiguousType(string)) {
        return STYLE_PLAIN;
      }
      return quotingType === QUOTING_TYPE_DOUBLE ? STYLE_DOUBLE : STYLE_SINGLE;
    }
    if (indentPerLevel > 9 && needIndentIndicator(string)) {
      return STYLE_DOUBLE;
    }
    if (!forceQuotes) {
      return hasFoldableLine ? STYLE_FOLDED : STYLE_LITERAL;
    }
    return quotingType === QUOTING_TYPE_DOUBLE ? STYLE_DOUBLE : STYLE_SINGLE;
  }
  function writeScalar(state, string, level, iskey, inblock) {
    state.dump = (function() {
      if (string.length === 0) {
        return state.quotingType === QUOTING_TYPE_DOUBLE ? '""' : "''";
      }
      if (!state.noCompatMode) {
        if (DEPRECATED_BOOLEANS_SYNTAX.indexOf(string) !== -1 || DEPRECATED_BASE60_SYNTAX.test(string)) {
          return state.quotingType === QUOTING_TYPE_DOUBLE ? '"' + string + '"' : "'" + string + "'";
        }
      }
      const indent = state.indent * Math.max(1, level);
      const lineWidth = state.lineWidth === -1 ? -1 : Math.max(Math.min(state.lineWidth, 40), state.lineWidth - indent);
      const singleLineOnly = iskey || // No block styles in flow mode.
      state.flowLevel > -1 && level >= state.flowLevel;
      function testAmbiguity(string2) {
        return testImplicitResolving(state, string2);
      }
      switch (chooseScalarStyle(
        string,
        singleLineOnly,
        state.indent,
        lineWidth,
        testAmbiguity,
        state.quotingType,
        state.forceQuotes && !iskey,
        inblock
      )) {
        case STYLE_PLAIN:
          return string;
        case STYLE_SINGLE:
          return "'" + string.replace(/'/g, "''") + "'";
        case STYLE_LITERAL:
          return "|" + blockHeader(string, state.indent) + dropEndingNewline(indentString(string, indent));
        case STYLE_FOLDED:
          return ">" + blockHeader(string, state.indent) + dropEndingNewline(indentString(foldString(string, lineWidth), indent));
        case STYLE_DOUBLE:
          return '"' + escapeString(string) + '"';
        default:
          throw new YAMLException2("impossible error: invalid scalar style");
      }
    })();
  }
  function blockHeader(string, indentPerLevel) {
    const indentIndicator = needIndentIndicator(string) ? String(indentPerLevel) : "";
    const clip = string[string.length - 1] === "\n";
    const keep = clip && (string[string.length - 2] === "\n" || string === "\n");
    const chomp = keep ? "+" : clip ? "" : "-";
    return indentIndicator + chomp + "\n";
  }
  function dropEndingNewline(string) {
    return string[string.length - 1] === "\n" ? string.slice(0, -1) : string;
  }
  function foldString(string, width) {
    const lineRe = /(\n+)([^\n]*)/g;
    let result = (function() {
      let nextLF = string.indexOf("\n");
      nextLF = nextLF !== -1 ? nextLF : string.length;
      lineRe.lastIndex = nextLF;
      return foldLine(string.slice(0, nextLF), width);
    })();
    let prevMoreIndented = string[0] === "\n" || string[0] === " ";
    let moreIndented;
    let match;
    while (match = lineRe.exec(string)) {
      const prefix = match[1];
      const line = match[2];
      moreIndented = line[0] === " ";
      result += prefix + (!prevMoreIndented && !moreIndented && line !== "" ? "\n" : "") + foldLine(line, width);
      prevMoreIndented = moreIndented;
    }
    return result;
  }
  function foldLine(line, width) {
    if (line === "" || line[0] === " ") return line;
    const breakRe = / [^ ]/g;
    let match;
    let start = 0;
    let end;
    let curr = 0;
    let next = 0;
    let result = "";
    while (match = breakRe.exec(line)) {
      next = match.index;
      if (next - start > width) {
        end = curr > start ? curr : next;
        result += "\n" + line.slice(start, end);
        start = end + 1;
      }
      curr = next;
    }
    result += "\n";
    if (line.length - start > width && curr > start) {
      result += line.slice(start, curr) + "\n" + line.slice(curr + 1);
    } else {
      result += line.slice(start);
    }
    return result.slice(1);
  }
  function escapeString(string) {
    let result = "";
    let char = 0;
    for (let i = 0; i < string.length; char >= 65536 ? i += 2 : i++) {
      char = codePointAt(string, i);
      const escapeSeq = ESCAPE_SEQUENCES[char];
      if (!escapeSeq && isPrintable(char)) {
        result += string[i];
        if (char >= 65536) result += string[i + 1];
      } else {
        result += escapeSeq || encodeHex(char);
      }
    }
    return result;
  }
  function writeFlowSequence(state, level, object) {
    let _result = "";
    const _tag = state.tag;
    for (let index = 0, length = object.length; index < length; index += 1) {
      let value = object[index];
      if (state.replacer) {
        value = state.replacer.call(object, String(index), value);
      }
      if (writeNode(state, level, value, false, false) || typeof value === "undefined" && writeNode(state, level, null, false, false)) {
        if (_result !== "") _result += "," + (!state.condenseFlow ? " " : "");
        _result += state.dump;
      }
    }
    state.tag = _tag;
    state.dump = "[" + _result + "]";
  }
  function writeBlockSequence(state, level, object, compact) {
    let _result = "";
    const _tag = state.tag;
    for (let index = 0, length = object.length; index < length; index += 1) {
      let value = object[index];
      if (state.replacer) {
        value = state.replacer.call(object, String(index), value);
      }
      if (writeNode(state, level + 1, value, true, true, false, true) || typeof value === "undefined" && writeNode(state, level + 1, null, true, true, false, true)) {
        if (!compact || _result !== "") {
          _result += generateNextLine(state, level);
        }
        if (state.dump && CHAR_LINE_FEED === state.dump.charCodeAt(0)) {
          _result += "-";
        } else {
          _result += "- ";
        }
        _result += state.dump;
      }
    }
    state.tag = _tag;
    state.dump = _result || "[]";
  }
  function writeFlowMapping(state, level, object) {
    let _result = "";
    const _tag = state.tag;
    const objectKeyList = Object.keys(object);
    for (let index = 0, length = objectKeyList.length; index < length; index += 1) {
      let pairBuffer = "";
      if (_result !== "") pairBuffer += ", ";
      if (state.condenseFlow) pairBuffer += '"';
      const objectKey = objectKeyList[index];
      let objectValue = object[objectKey];
      if (state.replacer) {
        objectValue = state.replacer.call(object, objectKey, objectValue);
      }
      if (!writeNode(state, level, objectKey, false, false)) {
        continue;
      }
      if (state.dump.length > 1024) pairBuffer += "? ";
      pairBuffer += state.dump + (state.condenseFlow ? '"' : "") + ":" + (state.condenseFlow ? "" : " ");
      if (!writeNode(state, level, objectValue, false, false)) {
        continue;
      }
      pairBuffer += state.dump;
      _result += pairBuffer;
    }
    state.tag = _tag;
    state.dump = "{" + _result + "}";
  }
  function writeBlockMapping(state, level, object, compact) {
    let _result = "";
    const _tag = state.tag;
    const objectKeyList = Object.keys(object);
    if (state.sortKeys === true) {
      objectKeyList.sort();
    } else if (typeof state.sortKeys === "function") {
      objectKeyList.sort(state.sortKeys);
    } else if (state.sortKeys) {
      throw new YAMLException2("sortKeys must be a boolean or a function");
    }
    for (let index = 0, length = objectKeyList.length; index < length; index += 1) {
      let pairBuffer = "";
      if (!compact || _result !== "") {
        pairBuffer += generateNextLine(state, level);
      }
      const objectKey = objectKeyList[index];
      let objectValue = object[objectKey];
      if (state.replacer) {
        objectValue = state.replacer.call(object, objectKey, objectValue);
      }
      if (!writeNode(state, level + 1, objectKey, true, true, true)) {
        continue;
      }
      const explicitPair = state.tag !== null && state.tag !== "?" || state.dump && state.dump.length > 1024;
      if (explicitPair) {
        if (state.dump && CHAR_LINE_FEED === state.dump.charCodeAt(0)) {
          pairBuffer += "?";
        } else {
          pairBuffer += "? ";
        }
      }
      pairBuffer += state.dump;
      if (explicitPair) {
        pairBuffer += generateNextLine(state, level);
      }
      if (!writeNode(state, level + 1, objectValue, true, explicitPair)) {
        continue;
      }
      if (state.dump && CHAR_LINE_FEED === state.dump.charCodeAt(0)) {
        pairBuffer += ":";
      } else {
        pairBuffer += ": ";
      }
      pairBuffer += state.dump;
      _result += pairBuffer;
    }
    state.tag = _tag;
    state.dump = _result || "{}";
  }
  function detectType(state, object, explicit) {
    const typeList = explicit ? state.explicitTypes : state.implicitTypes;
    for (let index = 0, length = typeList.length; index < length; index += 1) {
      const type2 = typeList[index];
      if ((type2.instanceOf || type2.predicate) && (!type2.instanceOf || typeof object === "object" && object instanceof type2.instanceOf) && (!type2.predicate || type2.predicate(object))) {
        if (explicit) {
          if (type2.multi && type2.representName) {
            state.tag = type2.representName(object);
          } else {
            state.tag = type2.tag;
          }
        } else {
          state.tag = "?";
        }
        if (type2.represent) {
          const style = state.styleMap[type2.tag] || type2.defaultStyle;
          let _result;
          if (_toString.call(type2.represent) === "[object Function]") {
            _result = type2.represent(object, style);
          } else if (_hasOwnProperty.call(type2.represent, style)) {
            _result = type2.represent[style](object, style);
          } else {
            throw new YAMLException2("!<" + type2.tag + '> tag resolver accepts not "' + style + '" style');
          }
          state.dump = _result;
        }
        return true;
      }
    }
    return false;
  }
  function writeNode(state, level, object, block, compact, iskey, isblockseq) {
    state.tag = null;
    state.dump = object;
    if (!detectType(state, object, false)) {
      detectType(state, object, true);
    }
    const type2 = _toString.call(state.dump);
    const inblock = block;
    if (block) {
      block = state.flowLevel < 0 || state.flowLevel > level;
    }
    const objectOrArray = type2 === "[object Object]" || type2 === "[object Array]";
    let duplicateIndex;
    let duplicate;
    if (objectOrArray) {
      duplicateIndex = state.duplicates.indexOf(object);
      duplicate = duplicateIndex !== -1;
    }
    if (state.tag !== null && state.tag !== "?" || duplicate || state.indent !== 2 && level > 0) {
      compact = false;
    }
    if (duplicate && state.usedDuplicates[duplicateIndex]) {
      state.dump = "*ref_" + duplicateIndex;
    } else {
      if (objectOrArray && duplicate && !state.usedDuplicates[duplicateIndex]) {
        state.usedDuplicates[duplicateIndex] = true;
      }
      if (type2 === "[object Object]") {
        if (block && Object.keys(state.dump).length !== 0) {
          writeBlockMapping(state, level, state.dump, compact);
          if (duplicate) {
            state.dump = "&ref_" + duplicateIndex + state.dump;
          }
        } else {
          writeFlowMapping(state, level, state.dump);
          if (duplicate) {
            state.dump = "&ref_" + duplicateIndex + " " + state.dump;
          }
        }
      } else if (type2 === "[object Array]") {
        if (block && state.dump.length !== 0) {
          if (state.noArrayIndent && !isblockseq && level > 0) {
            writeBlockSequence(state, level - 1, state.dump, compact);
          } else {
            writeBlockSequence(state, level, state.dump, compact);
          }
          if (duplicate) {
            state.dump = "&ref_" + duplicateIndex + state.dump;
          }
        } else {
          writeFlowSequence(state, level, state.dump);
          if (duplicate) {
            state.dump = "&ref_" + duplicateIndex + " " + state.dump;
          }
        }
      } else if (type2 === "[object String]") {
        if (state.tag !== "?") {
          writeScalar(state, state.dump, level, iskey, inblock);
        }
      } else if (type2 === "[object Undefined]") {
        return false;
      } else {
        if (state.skipInvalid) return false;
        throw new YAMLException2("unacceptable kind of an object to dump " + type2);
      }
      if (state.tag !== null && state.tag !== "?") {
        let tagStr = encodeURI(
          state.tag[0] === "!" ? state.tag.slice(1) : state.tag
        ).replace(/!/g, "%21");
        if (state.tag[0] === "!") {
          tagStr = "!" + tagStr;
        } else if (tagStr.slice(0, 18) === "tag:yaml.org,2002:") {
          tagStr = "!!" + tagStr.slice(18);
        } else {
          tagStr = "!<" + tagStr + ">";
        }
        state.dump = tagStr + " " + state.dump;
      }
    }
    return true;
  }
  function getDuplicateReferences(object, state) {
    const objects = [];
    const duplicatesIndexes = [];
    inspectNode(object, objects, duplicatesIndexes);
    const length = duplicatesIndexes.length;
    for (let index = 0; index < length; index += 1) {
      state.duplicates.push(objects[duplicatesIndexes[index]]);
    }
    state.usedDuplicates = new Array(length);
  }
  function inspectNode(object, objects, duplicatesIndexes) {
    if (object !== null && typeof object === "object") {
      const index = objects.indexOf(object);
      if (index !== -1) {
        if (duplicatesIndexes.indexOf(index) === -1) {
          duplicatesIndexes.push(index);
        }
      } else {
        objects.push(object);
        if (Array.isArray(object)) {
          for (let i = 0, length = object.length; i < length; i += 1) {
            inspectNode(object[i], objects, duplicatesIndexes);
          }
        } else {
          const objectKeyList = Object.keys(object);
          for (let i = 0, length = objectKeyList.length; i < length; i += 1) {
            inspectNode(object[objectKeyList[i]], objects, duplicatesIndexes);
          }
        }
      }
    }
  }
  function dump2(input, options) {
    options = options || {};
    const state = new State(options);
    if (!state.noRefs) getDuplicateReferences(input, state);
    let value = input;
    if (state.replacer) {
      value = state.replacer.call({ "": value }, "", value);
    }
    if (writeNode(state, 0, value, true, true)) return state.dump + "\n";
    return "";
  }
  dumper.dump = dump2;
  return dumper;
}
var hasRequiredJsYaml;
function requireJsYaml() {
  if (hasRequiredJsYaml) return jsYaml;
  hasRequiredJsYaml = 1;
  const loader2 = requireLoader();
  const dumper2 = requireDumper();
  function renamed(from, to) {
    return function() {
      throw new Error("Function yaml." + from + " is removed in js-yaml 4. Use yaml." + to + " instead, which is now safe by default.");
    };
  }
  jsYaml.Type = requireType();
  jsYaml.Schema = requireSchema();
  jsYaml.FAILSAFE_SCHEMA = requireFailsafe();
  jsYaml.JSON_SCHEMA = requireJson();
  jsYaml.CORE_SCHEMA = requireCore();
  jsYaml.DEFAULT_SCHEMA = require_default();
  jsYaml.load = loader2.load;
  jsYaml.loadAll = loader2.loadAll;
  jsYaml.dump = dumper2.dump;
  jsYaml.YAMLException = requireException();
  jsYaml.types = {
    binary: requireBinary(),
    float: requireFloat(),
    map: requireMap(),
    null: require_null2(),
    pairs: requirePairs(),
    set: requireSet(),
    timestamp: requireTimestamp(),
    bool: requireBool(),
    int: requireInt(),
    merge: requireMerge(),
    omap: requireOmap(),
    seq: requireSeq(),
    str: requireStr()
  };
  jsYaml.safeLoad = renamed("safeLoad", "load");
  jsYaml.safeLoadAll = renamed("safeLoadAll", "loadAll");
  jsYaml.safeDump = renamed("safeDump", "dump");
  return jsYaml;
}
var jsYamlExports = requireJsYaml();
var yaml = /* @__PURE__ */ getDefaultExportFromCjs(jsYamlExports);
var {
  Type,
  Schema,
  FAILSAFE_SCHEMA,
  JSON_SCHEMA,
  CORE_SCHEMA,
  DEFAULT_SCHEMA,
  load,
  loadAll,
  dump,
  YAMLException,
  types,
  safeLoad,
  safeLoadAll,
  safeDump
} = yaml;

// src/loaders/yaml.ts
var MAX_NODES = 2e6;
var ANY_TAG = ["scalar", "sequence", "mapping"].map(
  (kind) => new Type("", { kind, multi: true, resolve: () => true, construct: (data) => data })
);
var SCHEMA = CORE_SCHEMA.extend({ explicit: ANY_TAG });
function parseYaml(text) {
  const base = text.charCodeAt(0) === 65279 ? 1 : 0;
  const src = base ? text.slice(1) : text;
  const roots = [];
  const stack = [];
  const options = {
    schema: SCHEMA,
    // Duplicate keys are allowed (CloudFormation keeps the last); the tree keeps them all.
    json: true,
    // Room for the parser's own wrapper calls; the exact limit is enforced on the tree below.
    maxDepth: MAX_DEPTH + 8,
    listener(type2, state) {
      if (type2 === "open") {
        const ev = { open: state.position, close: state.position, kind: null, tag: null, anchor: null, result: null, children: void 0 };
        const parent = stack[stack.length - 1];
        if (parent) (parent.children ??= []).push(ev);
        else roots.push(ev);
        stack.push(ev);
      } else {
        const ev = stack.pop();
        if (!ev) return;
        ev.close = state.position;
        ev.kind = state.kind;
        ev.tag = state.tag;
        ev.anchor = state.anchor;
        ev.result = state.result;
      }
    }
  };
  try {
    loadAll(src, null, options);
  } catch (e) {
    if (e instanceof YAMLException) throw fromParserError(e, base);
    throw e;
  }
  const out = [];
  for (const root of roots) {
    const node = new TreeBuilder(src, base).document(root);
    if (node) out.push(node);
  }
  return out;
}
function fromParserError(e, base) {
  const reason = e.reason || "Invalid YAML";
  const offset = base + (e.mark?.position ?? 0);
  if (reason.startsWith("nesting exceeded maxDepth")) return new InputError(`Nesting deeper than ${MAX_DEPTH} levels`, offset);
  return new InputError(reason.charAt(0).toUpperCase() + reason.slice(1), offset);
}
function tagToIntrinsic(tag) {
  if (!tag.startsWith("!") || tag.startsWith("!!")) return void 0;
  const name = tag.slice(1);
  if (name === "Ref" || name === "Condition") return name;
  return `Fn::${name}`;
}
var SPACE = 32;
var TAB = 9;
var LF = 10;
var CR = 13;
function isBlank(c) {
  return c === SPACE || c === TAB || c === LF || c === CR;
}
function isFlowIndicator(c) {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}
var TreeBuilder = class {
  constructor(src, base) {
    this.src = src;
    this.base = base;
  }
  src;
  base;
  count = 0;
  /** Deepest level reached so far, to know an anchored node's height. */
  deepest = 0;
  /** End of the node last built, in the text (an alias's own `*name`, not its anchor's range). */
  end = 0;
  /** Items a nested block sequence read too far, for the enclosing sequence (see `sequence`). */
  spill;
  anchors = /* @__PURE__ */ new Map();
  document(root) {
    const ev = unwrap2(root);
    if (ev.kind === null && ev.tag === null && ev.anchor === null && this.src.charCodeAt(this.contentStart(ev).start) !== 42) return void 0;
    const node = this.node(ev, 0);
    if (this.spill?.[0]) throw this.stray(this.spill[0]);
    return node;
  }
  range(start, end) {
    const max = this.src.length;
    const s = Math.min(start, max);
    return { start: this.base + s, end: this.base + Math.max(s, Math.min(end, max)) };
  }
  /**
   * Where a node's own text starts: past the separation space, comments and properties between the
   * position where the parser began reading it and its content. `props` is the offset after the
   * last property and the blanks that follow it on its line (where an empty node sits), or -1.
   */
  contentStart(ev) {
    const s = this.src;
    let i = ev.open;
    let props = -1;
    let tag;
    let second = -1;
    const stop = Math.max(ev.close, ev.open);
    while (i < stop) {
      const c = s.charCodeAt(i);
      if (isBlank(c)) i++;
      else if (c === 35) {
        while (i < s.length && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
      } else if (c === 33 || c === 38) {
        const from = i++;
        while (i < s.length && !isBlank(s.charCodeAt(i)) && !(c === 38 && isFlowIndicator(s.charCodeAt(i)))) i++;
        if (c === 33) {
          if (tag !== void 0 && second < 0) second = from;
          tag = s.slice(from, i);
        }
        props = i;
        while (s.charCodeAt(props) === SPACE || s.charCodeAt(props) === TAB) props++;
      } else break;
    }
    return { start: i, props, tag, second };
  }
  /** Where an empty node sits: after its properties, or where the parser began, and the blanks on that line. */
  emptyAt(ev, props) {
    if (props >= 0) return props;
    let i = ev.open;
    while (this.src.charCodeAt(i) === SPACE || this.src.charCodeAt(i) === TAB) i++;
    return i;
  }
  trimEnd(end, start) {
    let e = Math.min(end, this.src.length);
    while (e > start && isBlank(this.src.charCodeAt(e - 1))) e--;
    return e;
  }
  /** The first character after `pos` that is not white space or a comment. */
  nextToken(pos) {
    const s = this.src;
    let i = pos;
    for (; ; ) {
      const c = s.charCodeAt(i);
      if (isBlank(c)) i++;
      else if (c === 35) {
        while (i < s.length && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
      } else return c;
    }
  }
  tooDeep(offset) {
    return new InputError(`Nesting deeper than ${MAX_DEPTH} levels`, this.base + offset);
  }
  /** A sequence item js-yaml placed where PyYAML would not, that the tree cannot place either. */
  stray(slot) {
    return new InputError('Sequence item after an empty "-" item, at an indentation the YAML parser misreads (write "- null")', this.base + slot.dash);
  }
  tooMany(offset) {
    return new InputError(`More than ${MAX_NODES} nodes (YAML alias expansion?)`, this.base + offset);
  }
  /** A value node: aliases expanded, anchors recorded, `!Tag` turned into its intrinsic function. */
  node(raw, depth, asKey = false) {
    if (this.spill?.[0]) throw this.stray(this.spill[0]);
    const ev = unwrap2(raw);
    const { start, props, tag: written, second } = this.contentStart(ev);
    if (depth > MAX_DEPTH) throw this.tooDeep(start);
    if (second >= 0 && ev.kind !== "mapping") throw new InputError("A node can have at most one tag", this.base + second);
    if (this.src.charCodeAt(start) === 42 && ev.kind !== "sequence" && ev.kind !== "mapping") return this.alias(start, depth);
    if (++this.count > MAX_NODES) throw this.tooMany(start);
    if (depth > this.deepest) this.deepest = depth;
    let anchor;
    let countBefore = 0;
    let deepestBefore = 0;
    if (ev.anchor !== null) {
      anchor = { node: void 0, size: 0, height: 0 };
      this.anchors.set(ev.anchor, anchor);
      countBefore = this.count - 1;
      deepestBefore = this.deepest;
      this.deepest = depth;
    }
    let out;
    if (ev.kind === "sequence") out = this.sequence(ev, start, depth);
    else if (ev.kind === "mapping") out = this.mapping(ev, start, depth);
    else if (ev.kind === "scalar") out = this.scalar(ev, start);
    else {
      const at = this.emptyAt(ev, props);
      this.end = at;
      const value = ev.tag !== null && ev.tag.startsWith("!") ? "" : null;
      out = { kind: "scalar", range: this.range(at, at), value };
    }
    const tag = ev.tag ?? (ev.kind === "scalar" ? written : void 0) ?? null;
    const fn = !asKey && tag !== null ? tagToIntrinsic(tag) : void 0;
    if (fn) {
      const key = { kind: "scalar", range: out.range, value: fn };
      out = { kind: "map", range: out.range, entries: [{ key, value: out }] };
    }
    if (anchor) {
      anchor.node = out;
      anchor.size = this.count - countBefore;
      anchor.height = this.deepest - depth;
      if (deepestBefore > this.deepest) this.deepest = deepestBefore;
    }
    return out;
  }
  alias(start, depth) {
    const s = this.src;
    let i = start + 1;
    while (i < s.length && !isBlank(s.charCodeAt(i)) && !isFlowIndicator(s.charCodeAt(i))) i++;
    const name = s.slice(start + 1, i);
    const target = this.anchors.get(name);
    if (!target) throw new InputError(`Unresolved alias *${name}`, this.base + start, this.base + i);
    if (!target.node) throw new InputError(`Recursive alias *${name}`, this.base + start, this.base + i);
    if (depth + 1 + target.height > MAX_DEPTH) throw this.tooDeep(start);
    this.count += 1 + target.size;
    if (this.count > MAX_NODES) throw this.tooMany(start);
    if (depth + 1 + target.height > this.deepest) this.deepest = depth + 1 + target.height;
    this.end = i;
    return copy(target.node);
  }
  scalar(ev, start) {
    const end = this.trimEnd(ev.close, start);
    this.end = end;
    const range = this.range(start, end);
    const r = ev.result;
    const value = r === null || typeof r === "string" || typeof r === "number" || typeof r === "boolean" ? r : String(r);
    if (typeof value === "number") {
      const source = this.src.slice(start, end);
      if (/^\d+$/.test(source)) return { kind: "scalar", range, value, text: source };
    }
    if (this.src.charCodeAt(start) === 124) {
      let i = start;
      while (i < end && this.src.charCodeAt(i) !== LF && this.src.charCodeAt(i) !== CR) i++;
      if (this.src.charCodeAt(i) === CR && this.src.charCodeAt(i + 1) === LF) i++;
      return { kind: "scalar", range, value, block: true, contentStart: this.base + Math.min(i + 1, end) };
    }
    return { kind: "scalar", range, value };
  }
  sequence(ev, start, depth) {
    const children2 = ev.children ?? [];
    const items = [];
    if (this.src.charCodeAt(start) === 91) {
      for (let k = 0; k < children2.length; k++) {
        const c = children2[k];
        const next = children2[k + 1];
        if (next && this.nextToken(c.close) === 58) {
          const key = this.key(c, depth + 1);
          const value = this.node(next, depth + 2);
          items.push({ kind: "map", range: { start: key.range.start, end: this.base + this.end }, entries: [{ key, value }] });
          k++;
        } else items.push(this.node(c, depth + 1));
      }
      const end2 = this.trimEnd(ev.close, start);
      this.end = end2;
      return { kind: "seq", range: this.range(start, end2), items };
    }
    const expected = Array.isArray(ev.result) ? ev.result.length : children2.length;
    const withNulls = expected > children2.length;
    const slots = withNulls ? this.itemSlots(ev, children2) : children2.map((child) => ({ dash: -1, child }));
    const column = this.column(start);
    let end = start;
    let spill;
    const take = (slot) => {
      items.push(slot.child ? this.node(slot.child, depth + 1) : this.nullItem(slot.dash));
      end = this.end;
      const pending = this.spill;
      if (!pending) return;
      this.spill = void 0;
      let k = 0;
      while (k < pending.length && this.column(pending[k].dash) === column) k++;
      const rest = pending.slice(k);
      if (rest[0] && this.column(rest[0].dash) > column) throw this.stray(rest[0]);
      for (const claimed of pending.slice(0, k)) take(claimed);
      if (rest.length) this.spill = rest;
    };
    for (const slot of slots) {
      if (spill || withNulls && this.column(slot.dash) < column) {
        (spill ??= []).push(slot);
        continue;
      }
      take(slot);
    }
    if (spill) this.spill = spill;
    this.end = end;
    return { kind: "seq", range: this.range(start, end), items };
  }
  /** Column of an offset (0-based), for the rare repair above. */
  column(pos) {
    let i = pos;
    while (i > 0 && this.src.charCodeAt(i - 1) !== LF && this.src.charCodeAt(i - 1) !== CR) i--;
    return pos - i;
  }
  nullItem(dash) {
    if (++this.count > MAX_NODES) throw this.tooMany(dash);
    let at = dash + 1;
    while (this.src.charCodeAt(at) === SPACE || this.src.charCodeAt(at) === TAB) at++;
    this.end = at;
    return { kind: "scalar", range: this.range(at, at), value: null };
  }
  /**
   * The items of a block sequence that has null items, in order, each with the offset of its `-`:
   * the events, and the `-` indicators between them that no node follows. Each item event opens
   * after its own `-`, the last one of the gap before it; any other `-` in a gap is a null item.
   */
  itemSlots(ev, children2) {
    const out = [];
    const s = this.src;
    const scan = (from2, to, child) => {
      const dashes = [];
      let i = from2;
      while (i < to) {
        const c = s.charCodeAt(i);
        if (isBlank(c)) i++;
        else if (c === 35) {
          while (i < to && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
        } else if (c === 33 || c === 38) {
          while (i < to && !isBlank(s.charCodeAt(i))) i++;
        } else if (c === 45 && (i + 1 >= s.length || isBlank(s.charCodeAt(i + 1)))) {
          dashes.push(i);
          i++;
        } else break;
      }
      const own = child ? dashes.pop() : void 0;
      for (const dash of dashes) out.push({ dash });
      if (child) out.push({ dash: own ?? child.open, child });
    };
    let from = ev.open;
    for (const c of children2) {
      scan(from, c.open, c);
      from = c.close;
    }
    scan(from, ev.close, void 0);
    return out;
  }
  key(ev, depth) {
    const n = this.node(ev, depth, true);
    if (n.kind === "scalar") return n;
    const r = n.range;
    return { kind: "scalar", range: r, value: this.src.slice(r.start - this.base, r.end - this.base) };
  }
  mapping(ev, start, depth) {
    const children2 = ev.children ?? [];
    const entries = [];
    const merges = [];
    let pending;
    let pendingMerge = false;
    let end = start;
    const missing = (key) => {
      if (++this.count > MAX_NODES) throw this.tooMany(key.range.start);
      return { key, value: { kind: "scalar", range: { start: key.range.end, end: key.range.end }, value: null } };
    };
    for (const c of children2) {
      const isKey = this.nextToken(c.close) === 58;
      if (pending && !isKey) {
        const value = this.node(c, depth + 1);
        end = this.end;
        if (pendingMerge && !(c.tag !== null && tagToIntrinsic(c.tag))) merges.push(entries.length);
        entries.push({ key: pending, value });
        pending = void 0;
        continue;
      }
      if (pending) entries.push(missing(pending));
      if (!isKey && c.kind === null && c.tag === null && c.anchor === null && c.children === void 0 && this.src.charCodeAt(this.contentStart(c).start) !== 42) {
        pending = void 0;
        continue;
      }
      pending = this.key(c, depth + 1);
      end = this.end;
      pendingMerge = pending.value === "<<" && c.tag === "?";
      if (!isKey) {
        entries.push(missing(pending));
        pending = void 0;
      }
    }
    if (pending) entries.push(missing(pending));
    const flow = this.src.charCodeAt(start) === 123;
    if (flow) end = this.trimEnd(ev.close, start);
    this.end = end;
    return { kind: "map", range: this.range(start, end), entries: merges.length ? merge2(entries, merges) : entries };
  }
};
function unwrap2(ev) {
  const only = ev.children?.length === 1 ? ev.children[0] : void 0;
  if (ev.kind === "sequence" || ev.kind === "mapping") {
    if (only && only.kind === ev.kind && only.result === ev.result) return { ...ev, children: unwrap2(only).children };
    return ev;
  }
  return ev.children ? { ...ev, children: void 0 } : ev;
}
function keyId(k) {
  return `${typeof k.value}:${String(k.value)}`;
}
function merge2(entries, merges) {
  const own = /* @__PURE__ */ new Set();
  const isMerge = new Set(merges);
  entries.forEach((e, i) => {
    if (!isMerge.has(i)) own.add(keyId(e.key));
  });
  const out = [];
  entries.forEach((e, i) => {
    const v = e.value;
    const sources = !isMerge.has(i) ? void 0 : v.kind === "map" ? [v] : v.kind === "seq" && v.items.every((x) => x.kind === "map") ? v.items : void 0;
    if (!sources) {
      out.push(e);
      return;
    }
    for (const source of sources) {
      if (source.kind !== "map") continue;
      for (const m of source.entries) {
        const id = keyId(m.key);
        if (own.has(id)) continue;
        own.add(id);
        out.push(m);
      }
    }
  });
  return out;
}
function copy(n) {
  if (n.kind === "scalar") return { ...n };
  if (n.kind === "seq") return { kind: "seq", range: n.range, items: n.items.map(copy) };
  return { kind: "map", range: n.range, entries: n.entries.map((e) => ({ key: { ...e.key }, value: copy(e.value) })) };
}

// src/loaders/load.ts
var DATA_EXTENSIONS = [".json", ".yaml", ".yml", ".template"];
var SCAN_EXTENSIONS = [...DATA_EXTENSIONS, ...CODE_EXTENSIONS];
var RELEVANT = /AWS::|Statement|statement|STATEMENT|LaunchTemplate|MetadataOptions|UserData|ImageId|IamInstanceProfile|InstanceRequirements|A(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}|[Ss]ecret|SECRET|[Tt]oken|TOKEN|%7B/;
function isRelevant(text) {
  return RELEVANT.test(text);
}
function formatOf(path, text) {
  const lower = path.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return "yaml";
  const first = /\S/.exec(text)?.[0];
  return first === "{" || first === "[" ? "json" : "yaml";
}
function loadText(path, input) {
  const text = input.charCodeAt(0) === 65279 ? input.slice(1) : input;
  if (isCodePath(path)) return loadCode(path, text);
  if (!isRelevant(text)) return { status: "skipped", reason: "nothing iamlint checks" };
  const lines = new LineIndex(text);
  const format = formatOf(path, text);
  let roots;
  try {
    const trimmed = text.trimStart();
    if (trimmed.startsWith("%7B") || trimmed.startsWith("%7b")) {
      const lead = text.length - trimmed.length;
      const { text: decoded, map: map2 } = urlDecodeWithMap(trimmed.trimEnd());
      roots = [remap(parseJson(decoded), (o) => lead + (map2[o] ?? trimmed.length))];
    } else {
      roots = format === "json" ? [parseJson(text)] : parseYaml(text);
    }
  } catch (e) {
    if (e instanceof InputError) return { status: "error", error: e, lines };
    const err = e;
    return { status: "error", error: new InputError(`Could not parse: ${err.message}`, 0), lines };
  }
  let template;
  const policies = [];
  const embedded = (value, node) => parseEmbeddedJson(value, node, text);
  let evaluator = new Evaluator(void 0);
  let kind = "data";
  let launch = NO_LAUNCH;
  const dataSpecs = [];
  for (const root of roots) {
    if (isTemplate(root)) {
      template = buildTemplate(root);
      evaluator = new Evaluator(template);
      policies.push(...templatePolicies(template, evaluator, embedded));
      launch = templateLaunch(template, evaluator, policies, lines);
      kind = "template";
    } else {
      const found = filePolicies(root, evaluator, embedded);
      if (found.length) kind = "policy";
      policies.push(...found);
      const specs = found.length ? [] : dataFileLaunch(root, evaluator, lines);
      if (specs.length && kind === "data") kind = "launch-template-data";
      dataSpecs.push(...specs);
    }
  }
  if (dataSpecs.length) launch = { specs: [...launch.specs, ...dataSpecs], profiles: launch.profiles };
  return { status: "parsed", kind, file: { path, text, lines, format, roots, template, evaluator, policies, launch } };
}

// src/engine/fingerprint.ts
import { createHash } from "node:crypto";
function fingerprint(parts) {
  const h = createHash("sha256");
  h.update([parts.ruleId, parts.file, parts.logical, parts.messageId, parts.evidence.replace(/\s+/g, " ").trim(), String(parts.occurrence)].join("\0"));
  return h.digest("hex").slice(0, 32);
}

// src/engine/suppressions.ts
var COMMENT = /(?:#|\/\/|\/\*)\s*iamlint-disable-next-line\b(.*)$/;
var ESLINT_COMMENT = /(?:#|\/\/|\/\*)\s*eslint-disable-next-line\b(.*)$/;
var UNTIL = /\(until (\d{4}-\d{2}-\d{2})\)\s*$/;
function splitReason(rest) {
  const i = rest.indexOf("--");
  const rulesPart = i < 0 ? rest : rest.slice(0, i);
  let reason = i < 0 ? "" : rest.slice(i + 2).replace(/\*\/\s*$/, "").trim();
  let until;
  const m = UNTIL.exec(reason);
  if (m) {
    until = m[1];
    reason = reason.slice(0, m.index).trim();
  }
  const rules2 = rulesPart.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  return { rules: rules2, reason, until };
}
function commentDirectives(lines) {
  const out = [];
  if (!lines.text.includes("iamlint")) return out;
  for (let l = 1; l <= lines.lineCount; l++) {
    const text = lines.lineText(l);
    const m = COMMENT.exec(text);
    const e = m ? void 0 : ESLINT_COMMENT.exec(text);
    if (!m && !e) continue;
    const { rules: named, reason, until } = splitReason((m ?? e)?.[1] ?? "");
    const rules2 = e ? named.filter((r) => r.startsWith("iamlint/")).map((r) => r.slice("iamlint/".length)) : named;
    if (e && rules2.length === 0) continue;
    let target = l + 1;
    while (target <= lines.lineCount && /^\s*(#.*|\/\/.*)?$/.test(lines.lineText(target))) target++;
    out.push({ rules: rules2, reason, until, line: l, target, resource: void 0, source: e ? "eslint" : "iamlint" });
  }
  return out;
}
function metadataDirectives(t, lines) {
  const out = [];
  for (const r of t.resources.values()) {
    const ignore = get(get(r.metadata, "iamlint"), "ignore");
    if (!ignore) continue;
    for (const item of asList(ignore)) {
      if (!isMap(item)) continue;
      const rule = get(item, "rule");
      const reason = get(item, "reason");
      const until = get(item, "until");
      out.push({
        rules: isString(rule) ? [rule.value] : [],
        reason: isString(reason) ? reason.value.trim() : "",
        until: isString(until) ? until.value : void 0,
        line: lines.position(item.range.start).line,
        target: void 0,
        resource: r.id
      });
    }
  }
  return out;
}

// src/engine/run.ts
var INVALID_INPUT = "invalid-input";
var INVALID_SUPPRESSION = "invalid-suppression";
function rangeOf4(t) {
  if ("range" in t) return t.range;
  if ("node" in t) return t.node.range;
  return t;
}
function interpolate(msg, data) {
  return msg.replace(/\{(\w+)\}/g, (m, k) => data && k in data ? String(data[k]) : m);
}
function levelFor(rule, opts2) {
  return opts2.levels.get(rule.id) ?? rule.meta.level;
}
function lintBytes(path, bytes, opts2) {
  const d = decodeText(bytes, opts2.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if ("error" in d) return errorResult(path, d.error, new LineIndex(d.text), opts2);
  return lintText(path, d.text, opts2);
}
function errorResult(path, error, lines, opts2) {
  const len = lines.text.length;
  const start = Math.max(0, Math.min(error.offset, len - 1));
  const region = lines.region({ start, end: Math.max(start + (len > 0 ? 1 : 0), Math.min(error.end, len)) });
  return unreadableResult(path, error.message, region, opts2);
}
function unreadableResult(path, reason, region, opts2, kind = "unreadable") {
  const notification = { file: path, level: "error", message: reason, region };
  const findings = [];
  const rule = opts2.rules.find((r) => r.id === INVALID_INPUT);
  const level = rule ? levelFor(rule, opts2) : "error";
  if (rule && level !== "off") {
    const data = { file: path, reason, line: region.startLine, column: region.startColumn };
    findings.push({
      ruleId: INVALID_INPUT,
      messageId: "unreadable",
      level,
      message: interpolate(rule.messages["unreadable"] ?? "{reason}", data),
      file: path,
      region,
      logical: { resource: void 0, path: void 0 },
      fingerprint: fingerprint({ ruleId: INVALID_INPUT, file: path, logical: "", messageId: "unreadable", evidence: reason, occurrence: 0 })
    });
  }
  return { file: path, findings, notifications: [notification], status: "error", kind };
}
function lintText(path, text, opts2) {
  const loaded = loadText(path, text);
  if (loaded.status === "skipped") return { file: path, findings: [], notifications: [], status: "skipped", kind: "none" };
  if (loaded.status === "error") return errorResult(path, loaded.error, loaded.lines, opts2);
  const file = loaded.file;
  const findings = [];
  const seen = /* @__PURE__ */ new Set();
  const occurrences = /* @__PURE__ */ new Map();
  for (const rule of opts2.rules) {
    const level = levelFor(rule, opts2);
    if (level === "off") continue;
    const ctx = {
      file,
      settings: opts2.settings,
      options: opts2.ruleOptions.get(rule.id) ?? {},
      report: (r) => {
        const f = toFinding(rule, r, level, file);
        const key = `${f.ruleId}\0${f.messageId}\0${f.region.startLine}:${f.region.startColumn}\0${f.message}`;
        if (seen.has(key)) return;
        seen.add(key);
        const fpBase = `${f.ruleId}|${f.logical.resource}|${f.logical.path}|${f.messageId}|${r.evidence ?? ""}`;
        const n = occurrences.get(fpBase) ?? 0;
        occurrences.set(fpBase, n + 1);
        findings.push({
          ...f,
          fingerprint: fingerprint({
            ruleId: f.ruleId,
            file: path,
            logical: `${f.logical.resource ?? ""}/${f.logical.path ?? ""}`,
            messageId: f.messageId,
            evidence: r.evidence ?? evidenceText(file, r.at),
            occurrence: n
          })
        });
      }
    };
    visitFile(rule, file, ctx);
  }
  applySuppressions(file, findings, opts2);
  findings.sort((a, b) => a.region.startLine - b.region.startLine || a.region.startColumn - b.region.startColumn || a.ruleId.localeCompare(b.ruleId));
  return { file: path, findings, notifications: [], status: "parsed", kind: loaded.kind };
}
function visitFile(rule, file, ctx) {
  const v = rule.visit;
  v.file?.(file, ctx);
  if (file.template) v.template?.(file.template, ctx);
  if (v.policy) for (const doc of file.policies) v.policy(doc, ctx);
  if (v.launch) for (const spec of file.launch.specs) v.launch(spec, ctx);
}
function evidenceText(file, at) {
  const r = rangeOf4(at);
  return file.text.slice(r.start, Math.min(r.end, r.start + 200));
}
function toFinding(rule, r, level, file) {
  const template = rule.messages[r.messageId] ?? r.messageId;
  const origin = r.doc?.origin;
  const resource = r.resource ?? origin?.resource;
  const path = r.path ?? (origin ? [origin.path, r.statement?.path].filter(Boolean).join(".") : void 0);
  return {
    ruleId: rule.id,
    messageId: r.messageId,
    level: r.level ?? level,
    message: interpolate(template, r.data),
    file: file.path,
    region: file.lines.region(rangeOf4(r.at)),
    logical: { resource, path: path || void 0 }
  };
}
function applySuppressions(file, findings, opts2) {
  const directives = [...commentDirectives(file.lines)];
  if (file.template) directives.push(...metadataDirectives(file.template, file.lines));
  if (directives.length === 0) return;
  const invalid = opts2.rules.find((r) => r.id === INVALID_SUPPRESSION);
  const invalidLevel = invalid ? levelFor(invalid, opts2) : "warning";
  const problems = [];
  const problem = (d, messageId, data) => {
    if (!invalid || invalidLevel === "off") return;
    const message = interpolate(invalid.messages[messageId] ?? messageId, data);
    const start = file.lines.region({ start: 0, end: 0 });
    const line = d.line;
    const text = file.lines.lineText(line);
    problems.push({
      ruleId: INVALID_SUPPRESSION,
      messageId,
      level: invalidLevel,
      message,
      file: file.path,
      region: { ...start, startLine: line, endLine: line, startColumn: 1, endColumn: text.length + 1 },
      logical: { resource: d.resource, path: void 0 },
      fingerprint: fingerprint({ ruleId: INVALID_SUPPRESSION, file: file.path, logical: d.resource ?? "", messageId, evidence: text, occurrence: line })
    });
  };
  const known2 = new Set(opts2.rules.map((r) => r.id));
  for (const d of directives) {
    if (d.rules.length === 0) {
      problem(d, "noRule", {});
      continue;
    }
    const unknownRule = d.rules.find((r) => !known2.has(r));
    if (unknownRule) problem(d, "unknownRule", { rule: unknownRule });
    if (!d.reason) {
      problem(d, "noReason", { rules: d.rules.join(", ") });
      continue;
    }
    if (d.until && d.until < opts2.settings.today) {
      problem(d, "expired", { rules: d.rules.join(", "), until: d.until });
      continue;
    }
    for (const f of findings) {
      if (f.suppression || !d.rules.includes(f.ruleId)) continue;
      const hit = d.target !== void 0 ? f.region.startLine === d.target : f.logical.resource === d.resource;
      if (hit) f.suppression = { kind: "inSource", justification: d.reason, location: `${file.path}:${d.line}` };
    }
  }
  findings.push(...problems);
}

// src/model/arn.ts
function pattern(v) {
  let s = "";
  for (const p of v.parts) {
    if (typeof p === "string") s += p;
    else if (p.sym === "account") s += "000000000000";
    else if (p.sym === "partition") s += "aws";
    else return void 0;
  }
  return s;
}
function segments(p) {
  const m = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/s.exec(p);
  if (!m) return void 0;
  return { partition: m[1] ?? "", service: m[2] ?? "", account: m[4] ?? "", resource: m[5] ?? "" };
}
function coversAllRoles(v) {
  if (resourceRef(v)) return false;
  const p = pattern(v);
  if (p === void 0) return "unknown";
  if (!hasWildcard(p)) return false;
  const seg = segments(p);
  const part = seg && !hasWildcard(seg.partition) ? seg.partition : "aws";
  const acct = seg && !hasWildcard(seg.account) && seg.account ? seg.account : "000000000000";
  const samples = [`arn:${part}:iam::${acct}:role/Zq9`, `arn:${part}:iam::${acct}:role/service-role/deploy.Worker_42-longer-name`];
  return samples.every((s) => globMatch(p, s));
}
function canBeRole(v) {
  const ref = resourceRef(v);
  if (ref) return ref.type === "AWS::IAM::Role" || ref.type === void 0 ? true : "unknown";
  const p = pattern(v);
  if (p === void 0) return "unknown";
  if (p === "*" || /^arn:\*/.test(p)) return true;
  const seg = segments(p);
  if (!seg) return /^arn:[^:]*:[^:]*\*/.test(p) || /^arn:[^:]*\*/.test(p);
  if (!globMatch(seg.service, "iam", true)) return false;
  const star = seg.resource.search(/[*?]/);
  const prefix = star < 0 ? seg.resource : seg.resource.slice(0, star);
  return "role/".startsWith(prefix) || prefix.startsWith("role/");
}

// src/model/passrole.ts
var PASS_ROLE = "iam:PassRole";
var PASSED_TO_SERVICE = "iam:PassedToService";
function viaText(g) {
  if (g.notAction) return " (through NotAction, which does not exclude it)";
  const s = g.via ? known(g.via) : void 0;
  return s && s.toLowerCase() !== "iam:passrole" ? ` (through '${s}')` : "";
}
function deniedOutright(doc) {
  return doc.statements.some(
    (s) => s.effect === "Deny" && grantsAction(s, PASS_ROLE).granted === true && !s.condition.node && !s.notResource && (s.resource?.values ?? []).some((v) => coversAllRoles(v) === true)
  );
}
function passRoleGrants(doc) {
  if (doc.kind !== "identity" || deniedOutright(doc)) return [];
  const out = [];
  for (const st of doc.statements) {
    if (st.effect !== "Allow") continue;
    const g = grantsAction(st, PASS_ROLE);
    if (g.granted !== true) continue;
    if (st.notResource) {
      out.push({ statement: st, via: g.via, actionField: g.field, notAction: g.notAction, allRoles: [], notResource: st.notResource });
      continue;
    }
    const values = st.resource?.values ?? [];
    const roleValues = values.filter((v) => canBeRole(v) !== false);
    if (roleValues.length === 0) continue;
    if (g.notAction && roleValues.every((v) => canBeRole(v) === "unknown")) continue;
    const allRoles = roleValues.filter((v) => coversAllRoles(v) === true);
    if (allRoles.length === 0 && roleValues.some((v) => canBeRole(v) === "unknown" || coversAllRoles(v) === "unknown")) {
      out.push({ statement: st, via: g.via, actionField: g.field, notAction: g.notAction, allRoles: [], notResource: void 0 });
      continue;
    }
    out.push({ statement: st, via: g.via, actionField: g.field, notAction: g.notAction, allRoles, notResource: void 0 });
  }
  return out;
}
function serviceValueWeakness(value, like) {
  if (!like || !/[*?]/.test(value)) return void 0;
  const prefix = wildcardPrefix(value);
  if (/^[a-z0-9-]+\.[a-z0-9.-]*$/i.test(prefix) && prefix.includes(".")) return void 0;
  return `'${value}' matches any service`;
}
function passedToService(g, doc) {
  const r = restriction(g.statement.condition, [PASSED_TO_SERVICE], serviceValueWeakness);
  if (r.verdict !== "unsound") return r;
  if (denyOutsideServices(doc)) return { verdict: "unknown" };
  if (r.clause === void 0) {
    const typo = misspeltClause(g.statement.condition, PASSED_TO_SERVICE);
    if (typo) return { verdict: "misspelt", key: typo.key, clause: typo };
  }
  return r;
}
function denyOutsideServices(doc) {
  return doc.statements.some((s) => {
    if (s.effect !== "Deny" || grantsAction(s, PASS_ROLE).granted !== true) return false;
    if (!(s.resource?.values ?? []).some((v) => coversAllRoles(v) === true)) return false;
    return s.condition.clauses.some((c) => {
      const op = c.operator.toLowerCase();
      return c.key.toLowerCase() === PASSED_TO_SERVICE.toLowerCase() && (op === "stringnotequals" || op === "stringnotlike") && c.values.length > 0;
    });
  });
}

// src/model/credentials.ts
var KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
var SECRET40 = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g;
var TOKEN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{100,}={0,3}(?![A-Za-z0-9+/=])/g;
var SECRET_NAME = /secret.?access.?key|aws.?secret|secretkey|secret_key|aws.{0,20}?(?:key|pwd|pass|token)/i;
var TOKEN_NAME = /session.?token|security.?token/i;
var ASSIGNED_SECRET = /(?:aws_?secret_?access_?key|secret_?access_?key|secretAccessKey|aws-secret-access-key)["']?\s*(?:[:=]|=>|\s)\s*["']?([A-Za-z0-9+/]{40})(?![A-Za-z0-9+/=])/gi;
var ASSIGNED_TOKEN = /(?:aws_?session_?token|session_?token|sessionToken|aws-session-token)["']?\s*(?:[:=]|=>|\s)\s*["']?([A-Za-z0-9+/]{100,}={0,3})/gi;
function entropy(s) {
  const counts = /* @__PURE__ */ new Map();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
function containsKeyId(text) {
  for (const m of text.matchAll(KEY_ID)) if (m[0].endsWith("EXAMPLE") || entropy(m[0]) >= 3) return true;
  return false;
}
var PAIR_NAME = /* @__PURE__ */ new Set(["Name", "name", "Key", "key", "ParameterKey", "OptionName"]);
var PAIR_VALUE = /* @__PURE__ */ new Set(["Value", "value", "ParameterValue"]);
function siblingNames(root) {
  const out = /* @__PURE__ */ new Map();
  const visit = (n) => {
    if (n.kind === "seq") n.items.forEach(visit);
    if (n.kind !== "map") return;
    const name = n.entries.find((e) => PAIR_NAME.has(String(e.key.value)))?.value;
    if (name?.kind === "scalar" && typeof name.value === "string") {
      for (const e of n.entries) if (PAIR_VALUE.has(String(e.key.value))) out.set(e.value, name.value);
    }
    for (const e of n.entries) visit(e.value);
  };
  visit(root);
  return out;
}
function redactCredentials(text) {
  return text.replace(/(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|[A-Za-z0-9+/]{40,}/g, (m) => maskSecret(m));
}
var MAYBE = /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|[A-Za-z0-9+/]{40}/;
function maskSecret(s) {
  return `${s.slice(0, 4)}${"*".repeat(8)}`;
}
function maskKeyId(s) {
  return `${s.slice(0, 4)}${"*".repeat(12)}${s.slice(-4)}`;
}
function secretLooksReal(s) {
  if (/^[0-9a-f]+$/i.test(s)) return false;
  if (!/[A-Z]/.test(s) || !/[a-z]/.test(s)) return false;
  if (/^[A-Za-z]+$/.test(s)) return false;
  return entropy(s) >= 4;
}
function tokenLooksReal(s) {
  return /IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz|YXdz/.test(s) && entropy(s) >= 4.5;
}
function findCredentials(text, name, nearKeyId = false) {
  if (!MAYBE.test(text)) return [];
  const out = [];
  const taken = [];
  const add = (m) => {
    if (taken.some(([a, b]) => m.index < b && m.index + m.length > a)) return;
    taken.push([m.index, m.index + m.length]);
    out.push(m);
  };
  let hasKeyId = nearKeyId;
  for (const m of text.matchAll(KEY_ID)) {
    const id = m[0];
    const example = id.endsWith("EXAMPLE");
    if (!example && entropy(id) < 3) continue;
    hasKeyId = true;
    add({ kind: "accessKeyId", index: m.index, length: id.length, masked: maskKeyId(id), example });
  }
  for (const m of text.matchAll(ASSIGNED_SECRET)) {
    const v = m[1] ?? "";
    const idx = m.index + m[0].length - v.length;
    const example = v.endsWith("EXAMPLEKEY");
    if (example || secretLooksReal(v)) add({ kind: "secretAccessKey", index: idx, length: v.length, masked: maskSecret(v), example });
  }
  for (const m of text.matchAll(ASSIGNED_TOKEN)) {
    const v = m[1] ?? "";
    const idx = m.index + m[0].length - v.length;
    if (tokenLooksReal(v)) add({ kind: "sessionToken", index: idx, length: v.length, masked: maskSecret(v), example: false });
  }
  const secretName = name !== void 0 && SECRET_NAME.test(name);
  if (hasKeyId || secretName) {
    for (const m of text.matchAll(SECRET40)) {
      const v = m[0];
      const example = v.endsWith("EXAMPLEKEY");
      if (example || secretLooksReal(v)) add({ kind: "secretAccessKey", index: m.index, length: v.length, masked: maskSecret(v), example });
    }
  }
  if (name !== void 0 && TOKEN_NAME.test(name)) {
    for (const m of text.matchAll(TOKEN)) {
      if (tokenLooksReal(m[0])) add({ kind: "sessionToken", index: m.index, length: m[0].length, masked: maskSecret(m[0]), example: false });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

// src/model/script-secrets.ts
var EXACT_WORDS = /* @__PURE__ */ new Set(["password", "passwd", "pass", "pwd", "pw", "passphrase", "secret", "token", "apikey", "credential", "credentials"]);
var KEY_QUALIFIERS = /* @__PURE__ */ new Set(["api", "secret", "private", "access", "auth", "signing", "encryption", "client", "master"]);
var AWS_CREDENTIAL_NAME = /aws.?(?:secret|access|session)|secret.?access.?key|session.?token|access.?key.?id/i;
var PLACEHOLDER = /^(?:<.*|\[.*\]|\*+|x+|\.+|-+|_+|changeme|change_me|password|passwd|secret|token|none|null|nil|undefined|true|false|yes|no|empty|example\w*|sample\w*|dummy\w*|placeholder\w*|redacted|todo|tbd|your\W?\w*|replace\W?\w*|insert\W?\w*|enter\W?\w*)$/i;
function isSecretName(name) {
  if (AWS_CREDENTIAL_NAME.test(name)) return false;
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const last = words[words.length - 1] ?? "";
  if (EXACT_WORDS.has(last)) return true;
  if (/(?:password|passwd|passphrase|secret|token)$/.test(last)) return true;
  if (last === "key" && KEY_QUALIFIERS.has(words[words.length - 2] ?? "")) return true;
  return /^(?:api|secret|private|access|auth|signing|encryption|client|master)key$/.test(last);
}
function isLiteralSecret(v) {
  if (v.length < 4) return false;
  if (/\$[{(A-Za-z_0-9]|`|\{\{|%\(|^%\w+%$|^@|^--/.test(v)) return false;
  if (/^(?:\/|~\/|\.\/|file:|arn:|https?:\/\/|s3:\/\/|ssm:|secretsmanager:)/i.test(v)) return false;
  return !PLACEHOLDER.test(v);
}
function maskValue(s) {
  return `${s.slice(0, Math.min(4, Math.floor(s.length / 4)))}${"*".repeat(8)}`;
}
function unquote(raw) {
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length >= 2 && raw.endsWith(q)) return { value: raw.slice(1, -1), offset: 1 };
  return { value: raw, offset: 0 };
}
var VALUE = String.raw`("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s;&|#'"\x60,}]+)`;
var ASSIGNMENT = new RegExp(String.raw`(?<![\w$.-])([A-Za-z_][\w.-]*)[ \t]*:?=[ \t]*` + VALUE, "g");
var KEY_VALUE = new RegExp(String.raw`(?:^|[\s{,])["']?([A-Za-z_][\w.-]*)["']?[ \t]*:[ \t]+` + VALUE, "gm");
var OPTION = new RegExp(String.raw`(?:^|\s)--?([A-Za-z][\w-]*)(?:=|[ \t]+)` + VALUE, "gm");
var SHORT_P = /\b(docker\s+login|mysql(?:dump|admin)?)\b[^\n]*?\s-p(?:[ \t]+(?=\S)|(?=[^\s-]))("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s;&|]+)/g;
var URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"]*:([^\s@/'"]+)@/gi;
var AUTH_HEADER = /\bAuthorization:[ \t]*(?:Bearer|Basic|token)[ \t]+([A-Za-z0-9._~+/=-]{8,})/gi;
var PRIVATE_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----/g;
function findScriptSecrets(text) {
  const out = [];
  const add = (s) => {
    if (out.some((o) => s.index < o.index + o.length && s.index + s.length > o.index)) return;
    out.push(s);
  };
  for (const m of text.matchAll(PRIVATE_KEY)) {
    const body = text.slice(m.index + m[0].length, m.index + m[0].length + 400);
    if (/^[^\n]*\n(?:[ \t]*[\w-]+:[^\n]*\n|[ \t]*\r?\n)*[ \t]*[A-Za-z0-9+/]{20,}/.test(body))
      add({ what: "a private key", index: m.index, length: m[0].length, masked: m[0] });
  }
  const named = (re, what, group = 2) => {
    for (const m of text.matchAll(re)) {
      const name = m[1] ?? "";
      const raw = m[group] ?? "";
      if (!isSecretName(name)) continue;
      const { value, offset } = unquote(raw);
      if (!isLiteralSecret(value)) continue;
      add({ what: what(name), index: m.index + m[0].length - raw.length + offset, length: value.length, masked: maskValue(value) });
    }
  };
  named(OPTION, (n) => `the value of option --${n.replace(/^-+/, "")}`);
  named(ASSIGNMENT, (n) => `the value of ${n}`);
  named(KEY_VALUE, (n) => `the value of ${n}`);
  for (const m of text.matchAll(SHORT_P)) {
    const raw = m[2] ?? "";
    const { value, offset } = unquote(raw);
    if (isLiteralSecret(value))
      add({
        what: `the password given to ${(m[1] ?? "").replace(/\s+/g, " ")} -p`,
        index: m.index + m[0].length - raw.length + offset,
        length: value.length,
        masked: maskValue(value)
      });
  }
  for (const m of text.matchAll(URL_CREDENTIALS)) {
    const value = m[1] ?? "";
    if (isLiteralSecret(value))
      add({ what: "the password of a connection string", index: m.index + m[0].length - value.length - 1, length: value.length, masked: maskValue(value) });
  }
  for (const m of text.matchAll(AUTH_HEADER)) {
    const value = m[1] ?? "";
    if (isLiteralSecret(value))
      add({ what: "the credential of an Authorization header", index: m.index + m[0].length - value.length, length: value.length, masked: maskValue(value) });
  }
  return out.sort((a, b) => a.index - b.index);
}

// src/model/escalation.ts
var COMPUTE_WITH_ROLE = [
  "ec2:RunInstances",
  "ec2:RequestSpotInstances",
  "ec2:AssociateIamInstanceProfile",
  "ec2:ReplaceIamInstanceProfileAssociation",
  "autoscaling:CreateLaunchConfiguration",
  "autoscaling:CreateAutoScalingGroup",
  "autoscaling:UpdateAutoScalingGroup",
  "lambda:CreateFunction",
  "lambda:UpdateFunctionConfiguration",
  "ecs:RegisterTaskDefinition",
  "ecs:RunTask",
  "ecs:StartTask",
  "ecs:CreateService",
  "glue:CreateDevEndpoint",
  "glue:UpdateDevEndpoint",
  "glue:CreateJob",
  "glue:UpdateJob",
  "glue:CreateSession",
  "sagemaker:CreateNotebookInstance",
  "sagemaker:CreateTrainingJob",
  "sagemaker:CreateProcessingJob",
  "cloudformation:CreateStack",
  "cloudformation:UpdateStack",
  "cloudformation:CreateChangeSet",
  "cloudformation:CreateStackSet",
  "codebuild:CreateProject",
  "codebuild:UpdateProject",
  "states:CreateStateMachine",
  "datapipeline:CreatePipeline",
  "batch:CreateComputeEnvironment",
  "eks:CreateNodegroup",
  "apprunner:CreateService",
  "elasticmapreduce:RunJobFlow"
];
var ADMINISTRATOR_ACCESS = /:iam::aws:policy\/AdministratorAccess$/;
function roleEscalation(role) {
  if (role.permissionsBoundary) return void 0;
  if (role.managedPolicyArns.some((v) => ADMINISTRATOR_ACCESS.test(display(v)))) return { kind: "administrator" };
  const all = {
    kind: "identity",
    node: role.resource.node,
    statements: role.policies.flatMap((d) => d.statements),
    origin: { path: "", label: role.resource.id }
  };
  const grant = passRoleGrants(all).find((g) => g.notResource || g.allRoles.length);
  if (!grant) return void 0;
  for (const action of COMPUTE_WITH_ROLE)
    for (const st of all.statements) if (st.effect === "Allow" && grantsAction(st, action).granted === true) return { kind: "passrole", grant, action };
  return void 0;
}

// rules/credentials/hardcoded-credentials.ts
var KIND_TEXT = {
  accessKeyId: "access key id",
  secretAccessKey: "secret access key",
  sessionToken: "session token"
};
var MAYBE_CREDENTIAL = /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|secret|token/i;
var NEAR_LINES = 5;
var hardcoded_credentials_default = defineRule({
  id: "hardcoded-credentials",
  meta: {
    summary: "An AWS access key, secret key or session token is written in the file.",
    why: [
      "Long-term access keys written into templates, policies, parameters or code are read by everyone with access to the repository, its history, its CI logs and, in CloudFormation, by anyone who can describe the stack.",
      "They do not expire. Workloads on AWS should get temporary credentials from a role: an instance profile on EC2 (through IMDSv2), an execution role on Lambda, a task role on ECS."
    ].join(" "),
    flagged: [
      "Access key ids with the prefixes AKIA (long-term), ASIA (temporary), ABIA and ACCA, in any string of any input (keys and values).",
      "A 40-character secret access key near a key id (within five lines) or assigned to a secret-looking name (`SecretAccessKey`, `aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY=...` inside a script).",
      "A session token assigned to `SessionToken`/`aws_session_token`.",
      "A secret named by a sibling instead of its key: `{Name: AWS_SECRET_ACCESS_KEY, Value: ...}` (ECS, CodeBuild environments), `{ParameterKey: ..., ParameterValue: ...}` (parameter files).",
      "A template output that publishes `!GetAtt <AccessKey>.SecretAccessKey`.",
      "Keys in EC2 user data as the instance reads it: `Fn::Base64` over a literal, `Fn::Sub` or `Fn::Join` (parts joined), base64 user data in templates and launch-template data (also gzip-compressed, `#cloud-config`, MIME multipart), e.g. `aws configure set aws_secret_access_key ...`, `AWS_SECRET_ACCESS_KEY=...`, a `~/.aws/credentials` heredoc. Decoded findings point at the `UserData` value and name the decoded line.",
      "In TypeScript and JavaScript, every string and template literal, and literals passed to the AWS SDK as credentials: `new S3Client({ credentials: { accessKeyId, secretAccessKey } })` (v3), `new AWS.Credentials(...)`, `AWS.config.update({...})`, `new AWS.S3({ accessKeyId, ... })` (v2), `process.env.AWS_SECRET_ACCESS_KEY = ...`, also through `const` bindings.",
      "AWS's documented example keys (`AKIAIOSFODNN7EXAMPLE`, `...EXAMPLEKEY`) only as a note."
    ],
    notFlagged: [
      "AIDA, AROA, AGPA, AIPA, ANPA and the other unique ids: identifiers, not secrets.",
      "Low-entropy placeholders (`AKIAXXXXXXXXXXXXXXXX`), hex digests, values from parameters, `{{resolve:...}}` references and `${...}` substitutions.",
      'In code, values read from `process.env`, returned by calls (`fromInstanceMetadata()`, `fromIni()`) or imported from another module, and test values such as `accessKeyId: "test"`.'
    ],
    fix: [
      "Revoke the key (IAM console, or `aws iam delete-access-key`), then remove it from the file and its history.",
      "Give the workload a role instead: an instance profile on EC2, and let the SDK's default credential provider chain find it. Where a secret is unavoidable, keep it in Secrets Manager or SSM Parameter Store and reference it (`{{resolve:secretsmanager:...}}`).",
      "The message never shows the whole secret."
    ].join("\n\n"),
    level: "error",
    securitySeverity: 9.5,
    tags: ["security", "secrets", "credentials"],
    references: [
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
      "https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html",
      "https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/migrate-credential-providers.html"
    ],
    recommended: true,
    domain: "credentials"
  },
  messages: {
    credential: "Hard-coded AWS {kind} {masked}: anyone who can read this file can use it. Revoke it and give the workload a role (an instance profile on EC2) instead of keys.",
    example: "AWS's documented example {kind} {masked}: not a working credential, but code that carries keys should take them from a role instead.",
    sdkCredential: "Hard-coded AWS {kind} {masked} passed to {api}: anyone who can read this code can use it. Revoke it, remove the credentials and let the SDK's default provider chain find the workload's role (the instance profile on EC2), or name that source with fromInstanceMetadata() or fromContainerMetadata().",
    userData: "Hard-coded AWS {kind} {masked} in the user data of {site}{where}: anyone who can read this file or describe the instance can use it. Revoke it and let the instance use the role of its instance profile instead of keys.",
    secretInOutput: "This output publishes the secret access key of {resource} in the stack outputs, where anyone who can describe the stack reads it. Store it in Secrets Manager instead, or use a role."
  },
  visit: {
    file(file, ctx) {
      if (!MAYBE_CREDENTIAL.test(file.text)) return;
      const scalars = [];
      const keyIdLines = [];
      for (const root of file.roots) {
        const siblings = siblingNames(root);
        walkScalars(root, (s, path, isKey) => {
          if (typeof s.value !== "string" || s.value.length < 20) return;
          const last = path[path.length - 1];
          const keyName = typeof last === "string" ? last : typeof path[path.length - 2] === "string" ? String(path[path.length - 2]) : void 0;
          const name = isKey ? void 0 : siblings.get(s) ?? keyName;
          if (containsKeyId(s.value)) keyIdLines.push(file.lines.position(s.range.start).line);
          scalars.push({ s, name, path: [...path] });
        });
      }
      for (const { s, name, path } of scalars) {
        const near = keyIdLines.length > 0 && keyIdLines.some((l) => Math.abs(l - file.lines.position(s.range.start).line) <= NEAR_LINES);
        const matches = findCredentials(String(s.value), name, near);
        if (matches.length === 0) continue;
        const where2 = logicalLocation(
          path.map((p) => typeof p === "string" ? redactCredentials(p) : p),
          file.template !== void 0
        );
        for (const m of matches) {
          const at = locateInScalar(s, m.index, m.length, file.lines);
          const site = file.code?.credentialSites.get(s);
          ctx.report({
            messageId: m.example ? "example" : site ? "sdkCredential" : "credential",
            at,
            data: { kind: KIND_TEXT[m.kind], masked: m.masked, ...site ? { api: site.api } : {} },
            ...site?.removal ? { suggest: [{ desc: "Remove the hard-coded credentials (the SDK then uses its default credential provider chain)", edits: site.removal }] } : {},
            evidence: `${m.kind}:${m.masked}`,
            ...where2.resource !== void 0 ? { resource: where2.resource } : {},
            path: where2.path,
            ...m.example ? { level: "note" } : {}
          });
        }
      }
    },
    launch(spec, ctx) {
      for (const seg of spec.userData?.segments() ?? []) {
        for (const m of findCredentials(seg.text, void 0, containsKeyId(seg.text))) {
          const loc = seg.locate(m.index, m.length);
          const decoded = loc.decodedLine !== void 0 || seg.encodings.length > 0;
          ctx.report({
            messageId: m.example ? "example" : decoded ? "userData" : "credential",
            at: loc.range,
            data: { kind: KIND_TEXT[m.kind], masked: m.masked, site: spec.label, where: userDataWhere(seg, loc) },
            evidence: `${m.kind}:${m.masked}`,
            ...specLocation(spec, "UserData"),
            ...m.example ? { level: "note" } : {}
          });
        }
      }
    },
    template(t, ctx) {
      const outputs = get(t.root, "Outputs");
      if (!isMap(outputs)) return;
      for (const e of outputs.entries) {
        const value = get(e.value, "Value");
        if (!value) continue;
        for (const v of ctx.file.evaluator.str(value)) {
          const p = v.parts.length === 1 ? v.parts[0] : void 0;
          if (p && typeof p !== "string" && p.sym === "resource" && p.type === "AWS::IAM::AccessKey" && p.attr === "SecretAccessKey")
            ctx.report({ messageId: "secretInOutput", at: value, path: `Outputs.${String(e.key.value)}.Value`, data: { resource: p.resource } });
        }
      }
    }
  }
});

// rules/engine/invalid-input.ts
var invalid_input_default = defineRule({
  id: "invalid-input",
  meta: {
    summary: "A file could not be read or parsed, so nothing in it was checked.",
    why: 'A linter that silently skips a file it cannot parse reports "no findings" for a file it never looked at. iamlint says so, with the position of the problem, and goes on with every other file.',
    flagged: [
      "Malformed JSON or YAML (with the line and column of the error), YAML alias bombs, nesting deeper than 256 levels.",
      "Binary files, invalid UTF-8, files over the size limit (`maxFileSize`, 5 MiB by default)."
    ],
    notFlagged: ["Files with nothing iamlint checks (no policy, template, launch settings or key-like string): they are skipped silently after a cheap check."],
    fix: "Fix the syntax error at the given position, or exclude the file (`ignorePatterns` in `.iamlintrc.json`, or `.gitignore`).",
    level: "error",
    securitySeverity: 1,
    tags: ["input"],
    references: ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html"],
    recommended: true,
    domain: "engine"
  },
  messages: { unreadable: "Could not read {file}: {reason} (line {line}, column {column}); nothing in it was checked." },
  // Reported by the engine itself when loading fails; there is nothing to visit.
  visit: {}
});

// rules/engine/invalid-suppression.ts
var invalid_suppression_default = defineRule({
  id: "invalid-suppression",
  meta: {
    summary: "An iamlint suppression is malformed, has no reason, names an unknown rule, or has expired.",
    why: "A suppression is a decision someone made about a risk; without a reason the next reader cannot review it, and an expired one should be looked at again. A suppression that does not do what its author thinks is worse than none.",
    flagged: [
      "`iamlint-disable-next-line` without a rule id, or without a reason after `--` (the suppression is then ignored).",
      "A rule id that does not exist.",
      "A suppression whose `(until YYYY-MM-DD)` date has passed (it no longer suppresses).",
      "The same problems in CloudFormation `Metadata: {iamlint: {ignore: [{rule, reason}]}}`."
    ],
    notFlagged: ["Well-formed suppressions, used or not."],
    fix: "```yaml\n# iamlint-disable-next-line passrole-wildcard-resource -- deploy role passes every app role (until 2027-03-01)\n```",
    level: "warning",
    securitySeverity: 2,
    tags: ["suppressions"],
    references: ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-metadata.html"],
    recommended: true,
    domain: "engine"
  },
  messages: {
    noRule: "This iamlint suppression names no rule, so it suppresses nothing. Name the rule id: `iamlint-disable-next-line <rule-id> -- <reason>`.",
    unknownRule: "This iamlint suppression names an unknown rule '{rule}' (see iamlint --list-rules).",
    noReason: "This iamlint suppression of {rules} has no reason, so it is ignored; write one after '--'.",
    expired: "This iamlint suppression of {rules} expired on {until}; it no longer applies."
  },
  visit: {}
});

// rules/launch/imds-hop-limit.ts
var imds_hop_limit_default = defineRule({
  id: "imds-hop-limit",
  meta: {
    summary: "MetadataOptions.HttpPutResponseHopLimit is above 2: IMDSv2 tokens travel further than anything on the instance needs.",
    why: [
      "The instance role's temporary credentials are served by the instance metadata service; with IMDSv2 a caller first gets a session token with a `PUT`, and the IP packets of that response carry a TTL of `HttpPutResponseHopLimit`.",
      "A hop limit of 1 keeps the token on the instance itself. Containers on the host that reach IMDS through a bridge network (Docker, ECS on EC2, EKS pods without IRSA) need 2. Anything higher lets a token be obtained from further away (a forwarding proxy or a misrouted network), which is exactly what IMDSv2 was designed to stop.",
      "AWS recommends 1, or 2 where containers call IMDS; AMIs flagged `ImdsSupport: v2.0` default to 2."
    ].join("\n\n"),
    flagged: [
      "`HttpPutResponseHopLimit` above 2 in an instance, launch template, launch configuration or launch-template data file, including each `Fn::If` branch and parameter default."
    ],
    notFlagged: [
      "Values of 1 or 2, an omitted hop limit (EC2 defaults to 1, or 2 for `ImdsSupport: v2.0` AMIs) and parameters without defaults.",
      "A hop limit an instance inherits from its launch template (reported on the launch template).",
      "Any hop limit when `HttpEndpoint` is `disabled`."
    ],
    fix: [
      "Use 1, or 2 when containers on the host call IMDS; give containers their own role instead where the platform allows (ECS task roles, EKS IRSA or Pod Identity):",
      "",
      "```yaml",
      "MetadataOptions:",
      "  HttpTokens: required",
      "  HttpPutResponseHopLimit: 2",
      "```"
    ].join("\n"),
    level: "warning",
    securitySeverity: 4,
    tags: ["security", "ec2", "imds"],
    references: [
      "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-v2-how-it-works.html",
      "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-launchtemplate-metadataoptions.html"
    ],
    recommended: true,
    domain: "launch"
  },
  messages: {
    tooHigh: "{site} sets HttpPutResponseHopLimit to {hops}{notes}: IMDSv2 tokens, and so the instance role's credentials, reach {hops} network hops from the instance. Use 1, or 2 when containers on the host call IMDS."
  },
  visit: {
    launch(spec, ctx) {
      if (spec.setting("endpoint").some((s) => s.value?.toLowerCase() === "disabled")) return;
      for (const s of spec.setting("hopLimit")) {
        if (s.from !== spec || typeof s.value !== "string") continue;
        const hops = Number(s.value);
        if (!Number.isFinite(hops) || hops <= 2) continue;
        ctx.report({
          messageId: "tooHigh",
          at: s.at,
          ...specLocation(spec, "MetadataOptions.HttpPutResponseHopLimit"),
          data: { site: labelStart(spec), hops, notes: notesSuffix(s.notes) },
          evidence: `${spec.label}:${hops}`
        });
      }
    }
  }
});

// rules/launch/imdsv2-not-required.ts
function templateRequires(spec) {
  const lt = spec.launchTemplate?.target;
  if (!lt || lt === "unknown") return void 0;
  return lt.setting("tokens").some((s) => s.value?.toLowerCase() === "required") ? lt.label : void 0;
}
function where(spec, s) {
  return specLocation(spec, s.at === spec.anchor ? "MetadataOptions" : "MetadataOptions.HttpTokens");
}
var imdsv2_not_required_default = defineRule({
  id: "imdsv2-not-required",
  meta: {
    summary: "Instances launched with these settings accept IMDSv1: MetadataOptions.HttpTokens is not `required`.",
    why: [
      "An application on EC2 gets its AWS credentials from the role of the instance profile: EC2 assumes the role (its trust policy must allow `ec2.amazonaws.com`) and serves temporary credentials, refreshed before they expire, through the instance metadata service (IMDS) at `http://169.254.169.254/latest/meta-data/iam/security-credentials/<role>`.",
      "With IMDSv1 a single unauthenticated GET returns those credentials, so any server-side request forgery, open proxy or misconfigured reverse proxy on the instance hands them out: the Capital One breach of 2019 went this way.",
      "IMDSv2 requires a session token obtained with a `PUT` (which forwarded GETs and most SSRF cannot send) and limits how far its response travels (`HttpPutResponseHopLimit`).",
      "`HttpTokens: required` turns IMDSv1 off; `optional` or leaving it out keeps it on, unless the AMI is flagged `ImdsSupport: v2.0` or the account (or an Organizations declarative policy) sets an IMDS default that requires v2: a template cannot see either, so iamlint reports what the template itself enforces. If your accounts already require IMDSv2 by default, set `imdsv2AccountDefault: true` in the configuration and only explicit `optional` values are reported.",
      "The rule follows an instance's `LaunchTemplate` to a launch template of the same template; values set on the instance override the template's, field by field, as EC2 does. `HttpEndpoint: disabled` (no IMDS at all) is not reported."
    ].join("\n\n"),
    flagged: [
      "`AWS::EC2::Instance`, `AWS::EC2::LaunchTemplate` (`LaunchTemplateData.MetadataOptions`), `AWS::AutoScaling::LaunchConfiguration` and launch-template data files (`RequestLaunchTemplateData`, `--cli-input-json`, `describe-launch-template-versions` output) with `HttpTokens: optional`, or without `HttpTokens` and without a launch template that sets it.",
      "An instance that sets `HttpTokens: optional` over a launch template that requires IMDSv2.",
      "`AWS::EC2::SpotFleet` launch specifications (`LaunchSpecifications`), which cannot set metadata options at all.",
      "In templates, each `Fn::If` branch and parameter default separately."
    ],
    notFlagged: [
      "`HttpEndpoint: disabled`.",
      "An instance without its own `HttpTokens` that starts from a launch template: the launch template is reported, once, not every instance.",
      "Launch templates outside the template (`LaunchTemplateId` from a parameter or an import), parameters without defaults, and a `--cli-input-json` file with `SourceVersion` that leaves `MetadataOptions` to the source version.",
      "An omitted `HttpTokens` when `imdsv2AccountDefault` is set in the configuration."
    ],
    fix: [
      "Require IMDSv2 where the instance is defined, and keep the hop limit at 1 (2 when containers on the host call IMDS):",
      "",
      "```yaml",
      "LaunchTemplateData:",
      "  IamInstanceProfile:",
      "    Arn: !GetAtt AppInstanceProfile.Arn",
      "  MetadataOptions:",
      "    HttpTokens: required",
      "    HttpPutResponseHopLimit: 1",
      "```",
      "",
      "Current AWS SDKs and the AWS CLI use IMDSv2 already; check older agents with the `MetadataNoToken` CloudWatch metric before switching. To enforce it account-wide as well, set the account default (`aws ec2 modify-instance-metadata-defaults --http-tokens required`) or deny `ec2:RunInstances` unless `ec2:MetadataHttpTokens` is `required`."
    ].join("\n"),
    level: "error",
    securitySeverity: 7.5,
    tags: ["security", "ec2", "imds", "credentials"],
    references: [
      "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
      "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html",
      "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-launchtemplate-metadataoptions.html",
      "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataDefaults.html"
    ],
    recommended: true,
    domain: "launch"
  },
  messages: {
    optional: "{site} sets HttpTokens to optional{notes}: its instances answer IMDSv1, and any request forgery on them can read the instance role's credentials. Set HttpTokens to required.",
    overridesTemplate: "{site} sets HttpTokens to optional{notes}, overriding {template}, which requires IMDSv2: its instances answer IMDSv1. Remove the override or set it to required.",
    notSet: "{site} does not set HttpTokens{notes}: unless the AMI or the account default requires IMDSv2, its instances answer IMDSv1 and any request forgery on them can read the instance role's credentials. Set MetadataOptions.HttpTokens to required.",
    spotFleet: "{site} cannot set MetadataOptions: its instances answer IMDSv1 unless the account default requires IMDSv2. Use LaunchTemplateConfigs with a launch template that sets HttpTokens to required."
  },
  visit: {
    launch(spec, ctx) {
      const endpoint = spec.setting("endpoint");
      if (endpoint.some((s) => s.value?.toLowerCase() === "disabled")) return;
      const endpointUnknown = endpoint.some((s) => s.value === null);
      const accountDefault = ctx.settings.imdsv2AccountDefault === true;
      const evidence = spec.label;
      if (!spec.hasMetadataOptions) {
        if (!accountDefault && !endpointUnknown)
          ctx.report({ messageId: "spotFleet", at: spec.anchor, ...specLocation(spec, ""), data: { site: labelStart(spec) }, evidence });
        return;
      }
      for (const s of spec.setting("tokens")) {
        if (s.from !== spec || s.value === null) continue;
        const data = { site: labelStart(spec), notes: notesSuffix(s.notes) };
        if (s.value === void 0) {
          if (!accountDefault && !endpointUnknown) ctx.report({ messageId: "notSet", at: s.at, ...where(spec, s), data, evidence });
        } else if (s.value.toLowerCase() === "optional") {
          const template = templateRequires(spec);
          if (template) ctx.report({ messageId: "overridesTemplate", at: s.at, ...where(spec, s), data: { ...data, template }, evidence });
          else ctx.report({ messageId: "optional", at: s.at, ...where(spec, s), data, evidence });
        }
      }
    }
  }
});

// rules/launch/instance-profile-role-count.ts
var instance_profile_role_count_default = defineRule({
  id: "instance-profile-role-count",
  meta: {
    summary: "An instance profile without exactly one role.",
    why: [
      "An instance profile is the container that carries a role to an EC2 instance: EC2 assumes the profile's role and serves its temporary credentials through the instance metadata service.",
      "A profile holds exactly one role. With none, instances that use it get no credentials; with more than one, CloudFormation fails to create it (IAM allows one role per instance profile, and this quota cannot be raised)."
    ].join("\n\n"),
    flagged: ["`AWS::IAM::InstanceProfile` whose `Roles` is missing or empty, or lists more than one role (in every `Fn::If` branch)."],
    notFlagged: ["`Roles` from a list parameter or another value that cannot be known offline, and a count that differs by `Fn::If` branch."],
    fix: [
      "Give the profile the one role its instances need; put permissions that differ per workload in separate roles and profiles:",
      "",
      "```yaml",
      "AppInstanceProfile:",
      "  Type: AWS::IAM::InstanceProfile",
      "  Properties:",
      "    Roles:",
      "      - !Ref AppRole",
      "```"
    ].join("\n"),
    level: "error",
    securitySeverity: 2,
    tags: ["correctness", "iam", "ec2"],
    references: [
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-instanceprofile.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
    ],
    recommended: true,
    domain: "launch"
  },
  messages: {
    noRole: "Instance profile {profile} has no role: instances that use it get no AWS credentials. Add the one role they need to Roles.",
    tooManyRoles: "Instance profile {profile} lists {count} roles, but an instance profile holds exactly one: CloudFormation cannot create it. Keep one role."
  },
  visit: {
    template(_t, ctx) {
      for (const p of ctx.file.launch.profiles) {
        const count = p.roleCount;
        if (!count) continue;
        const at = p.rolesEntry?.key ?? p.resource.keyNode;
        const base = { at, resource: p.resource.id, path: "Properties.Roles", data: { profile: p.resource.id, count: count.min } };
        if (count.max === 0) ctx.report({ ...base, messageId: "noRole" });
        else if (count.min > 1) ctx.report({ ...base, messageId: "tooManyRoles" });
      }
    }
  }
});

// rules/launch/instance-profile-untrusted-role.ts
var instance_profile_untrusted_role_default = defineRule({
  id: "instance-profile-untrusted-role",
  meta: {
    summary: "The role of an instance profile cannot be assumed by EC2: instances that use the profile get no credentials.",
    why: [
      "The chain that gives an application on EC2 its credentials is: a role whose trust policy allows `ec2.amazonaws.com` to call `sts:AssumeRole` → an instance profile that holds the role → an instance (or a launch template or launch configuration) that names the profile → the instance metadata service (IMDSv2) that serves the role's temporary credentials, refreshed before they expire.",
      'If the role does not trust `ec2.amazonaws.com` (`ec2.amazonaws.com.cn` in the China Regions), EC2 cannot assume it: the instance starts, but `iam/security-credentials/` is empty and every SDK call fails, usually after someone has "fixed" it by adding access keys to the instance. A role written for Lambda or ECS and reused in an instance profile is the usual cause.'
    ].join("\n\n"),
    flagged: [
      "An `AWS::IAM::InstanceProfile` whose role (a role of the same template, named by `!Ref` or by its `RoleName`) has a trust policy without an `Allow` of `sts:AssumeRole` to `ec2.amazonaws.com`: an error when an instance, launch template, launch configuration or other resource of the template uses the profile, a warning when nothing in the template does (it may be attached elsewhere)."
    ],
    notFlagged: [
      'Roles outside the template, trust policies that cannot be read offline (a parameter, an unknown principal), and trust policies that allow everyone (`"*"`), which `trust-wildcard-principal` reports.',
      "`ec2.${AWS::URLSuffix}` (the CDK's spelling) counts as `ec2.amazonaws.com`."
    ],
    fix: [
      "Let EC2 assume the role; keep other principals only if they need it:",
      "",
      "```yaml",
      "AppRole:",
      "  Type: AWS::IAM::Role",
      "  Properties:",
      "    AssumeRolePolicyDocument:",
      '      Version: "2012-10-17"',
      "      Statement:",
      "        - Effect: Allow",
      "          Principal: { Service: ec2.amazonaws.com }",
      "          Action: sts:AssumeRole",
      "```",
      "",
      "If the role was meant for another service, give the instances a role of their own instead."
    ].join("\n"),
    level: "error",
    securitySeverity: 2,
    tags: ["correctness", "iam", "ec2", "trust"],
    references: [
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html",
      "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
      "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html"
    ],
    recommended: true,
    domain: "launch"
  },
  messages: {
    attached: "Role {role} of instance profile {profile} cannot be assumed by EC2 (its trust policy allows {services}): it is used by {users}, whose instances get no AWS credentials. Allow ec2.amazonaws.com to call sts:AssumeRole in its trust policy.",
    unattached: "Role {role} of instance profile {profile} cannot be assumed by EC2 (its trust policy allows {services}): any instance that uses this profile gets no AWS credentials. Allow ec2.amazonaws.com to call sts:AssumeRole in its trust policy."
  },
  visit: {
    template(_t, ctx) {
      for (const p of ctx.file.launch.profiles) {
        const seen = /* @__PURE__ */ new Set();
        for (const ref of p.roles) {
          const role = ref.role;
          if (!role || seen.has(role.resource.id)) continue;
          seen.add(role.resource.id);
          const c = ec2CanAssume(role);
          if (c.verdict !== false) continue;
          const users = p.attachedTo.length > 3 ? `${p.attachedTo.slice(0, 3).join(", ")} and ${p.attachedTo.length - 3} more` : p.attachedTo.join(", ");
          ctx.report({
            messageId: p.attachedTo.length ? "attached" : "unattached",
            at: ref.node,
            resource: p.resource.id,
            path: "Properties.Roles",
            data: { role: role.resource.id, profile: p.resource.id, services: c.services.length ? `only ${c.services.join(", ")}` : "no AWS service", users },
            evidence: role.resource.id,
            ...p.attachedTo.length ? {} : { level: "warning" }
          });
        }
      }
    }
  }
});

// rules/launch/instance-role-passrole-escalation.ts
var instance_role_passrole_escalation_default = defineRule({
  id: "instance-role-passrole-escalation",
  meta: {
    summary: "The role an instance gets can pass any role to a service it can start: anything running on the instance can escalate.",
    why: [
      "Whatever runs on an instance (the application, a dependency, an attacker who found a request forgery bug) can use the instance role: EC2 serves its temporary credentials through the instance metadata service.",
      "If that role may `iam:PassRole` every role, and may start compute that runs with a role it passes (`ec2:RunInstances`, `lambda:CreateFunction`, `cloudformation:CreateStack`, `glue:CreateDevEndpoint`, `ecs:RegisterTaskDefinition`...), it can launch that compute with the most privileged role in the account and act with it: the instance is as powerful as the account's strongest role. This is one of the best-known IAM privilege escalations.",
      "The rule follows the template's graph: instance, launch template, launch configuration or Spot Fleet → instance profile → role → the role's inline policies, the `AWS::IAM::Policy` and managed policies of the template attached to it, and the AWS managed policy `AdministratorAccess`."
    ].join("\n\n"),
    flagged: [
      "A launch setting whose instance profile's role allows `iam:PassRole` on every role (`*`, `role/*`, `NotResource`) together with an action that starts compute with a role, from the curated table of such actions.",
      "A role with the AWS managed policy `AdministratorAccess`."
    ],
    notFlagged: [
      "PassRole scoped to named roles or a path, roles with a permissions boundary (which may cap both), and profiles, roles or policies outside the template.",
      "A role whose policies deny `iam:PassRole` on every role without conditions.",
      "The PassRole statement itself: `passrole-wildcard-resource` reports it wherever it is; this rule says that an instance carries it."
    ],
    fix: [
      "Give the instance role only what the application needs. If it must launch compute, let it pass only the roles that compute needs, to that service:",
      "",
      "```json",
      "{",
      '  "Effect": "Allow",',
      '  "Action": "iam:PassRole",',
      '  "Resource": "arn:aws:iam::123456789012:role/batch-worker",',
      '  "Condition": { "StringEquals": { "iam:PassedToService": "ec2.amazonaws.com" } }',
      "}",
      "```",
      "",
      "Require IMDSv2 on the instance as well (`imdsv2-not-required`), so the role's credentials cannot be read through a request forgery."
    ].join("\n"),
    level: "warning",
    securitySeverity: 8,
    tags: ["security", "iam", "passrole", "privilege-escalation", "ec2"],
    references: [
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService",
      "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html"
    ],
    recommended: true,
    domain: "launch"
  },
  messages: {
    escalation: "{site} gets role {role} (instance profile {profile}), which allows iam:PassRole{via} on every role ('{resource}') and {action}{notes}: anything running on the instance can start compute with the account's most privileged role. Scope the PassRole to the roles it needs.",
    administrator: "{site} gets role {role} (instance profile {profile}), which has AdministratorAccess: anything running on the instance, or anyone who reads its credentials, controls the account. Give the instance role only what the application needs."
  },
  visit: {
    launch(spec, ctx) {
      const pa = spec.profile;
      if (!pa) return;
      const base = { at: pa.key, ...specLocation(spec, "IamInstanceProfile") };
      for (const p of pa.profiles) {
        for (const ref of p.roles) {
          const role = ref.role;
          if (!role) continue;
          const data = { site: labelStart(spec), role: role.resource.id, profile: p.resource.id };
          const e = roleEscalation(role);
          if (!e) continue;
          if (e.kind === "administrator") {
            ctx.report({ ...base, messageId: "administrator", data, evidence: role.resource.id });
            continue;
          }
          const g = e.grant;
          const resource = g.notResource ? "NotResource" : display(g.allRoles[0] ?? g.statement.resource?.values[0] ?? { node: role.resource.node, parts: ["*"], notes: [] });
          ctx.report({
            ...base,
            messageId: "escalation",
            data: { ...data, via: viaText(g), resource, action: e.action, notes: notesSuffix(g.statement.notes) },
            evidence: `${role.resource.id}:${e.action}`
          });
        }
      }
    }
  }
});

// rules/launch/launch-configuration-deprecated.ts
var launch_configuration_deprecated_default = defineRule({
  id: "launch-configuration-deprecated",
  meta: {
    summary: "An Auto Scaling launch configuration: a legacy resource that new accounts cannot create.",
    why: [
      "Launch configurations are the legacy way to tell Amazon EC2 Auto Scaling how to launch instances. They receive no instance types released after 31 December 2022, and accounts created on or after 1 October 2024 cannot create them at all, by any method including CloudFormation: a template with one fails to deploy there.",
      "Launch templates replace them, with versions, mixed instance types and Spot, and every `MetadataOptions` field (a launch configuration cannot set `InstanceMetadataTags`, and changing its settings replaces it)."
    ].join("\n\n"),
    flagged: ["Every `AWS::AutoScaling::LaunchConfiguration` resource."],
    notFlagged: ["Auto Scaling groups that use a launch template or a mixed instances policy."],
    fix: [
      "Replace the launch configuration with an `AWS::EC2::LaunchTemplate` and point the group at it:",
      "",
      "```yaml",
      "AppGroup:",
      "  Type: AWS::AutoScaling::AutoScalingGroup",
      "  Properties:",
      "    LaunchTemplate:",
      "      LaunchTemplateId: !Ref AppLaunchTemplate",
      "      Version: !GetAtt AppLaunchTemplate.LatestVersionNumber",
      "```",
      "",
      "AWS documents the migration, including a console action that copies a launch configuration into a launch template."
    ].join("\n"),
    level: "note",
    securitySeverity: 1,
    tags: ["maintenance", "ec2", "autoscaling"],
    references: [
      "https://docs.aws.amazon.com/autoscaling/ec2/userguide/LaunchConfiguration.html",
      "https://docs.aws.amazon.com/autoscaling/ec2/userguide/migrate-to-launch-templates.html",
      "https://docs.aws.amazon.com/autoscaling/ec2/userguide/migrate-launch-configurations-with-cloudformation.html",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-autoscaling-launchconfiguration.html"
    ],
    recommended: true,
    domain: "launch"
  },
  messages: {
    deprecated: "{site} is legacy: accounts created since 1 October 2024 cannot create launch configurations, and they get no new instance types. Use an AWS::EC2::LaunchTemplate instead."
  },
  visit: {
    launch(spec, ctx) {
      if (spec.kind !== "launchConfiguration") return;
      ctx.report({ messageId: "deprecated", at: spec.anchor, ...specLocation(spec, ""), data: { site: labelStart(spec) } });
    }
  }
});

// rules/launch/userdata-secret.ts
var userdata_secret_default = defineRule({
  id: "userdata-secret",
  meta: {
    summary: "User data holds a secret: a private key, a password or token, or credentials in a connection string.",
    why: [
      "User data is not a secret store. Every process on the instance reads it from the instance metadata service (`/latest/user-data`), it stays there for the life of the instance, anyone allowed `ec2:DescribeInstanceAttribute` or `ec2:DescribeLaunchTemplateVersions` reads it through the EC2 API, and in a template it is also in the repository and in the stack.",
      "The instance already has a way to get secrets: the role of its instance profile. EC2 serves that role's temporary credentials through IMDS (use IMDSv2), and a boot script can fetch the secret with them from Secrets Manager or SSM Parameter Store, so the secret never appears in the launch settings, and access to it is logged and revocable.",
      "A `{{resolve:secretsmanager:...}}` dynamic reference does not help here: CloudFormation resolves it and the clear text ends up in the user data."
    ].join("\n\n"),
    flagged: [
      "Private keys (`-----BEGIN ... PRIVATE KEY-----` followed by key material), also when base64-encoded again.",
      'Values assigned to secret-looking names: `DB_PASSWORD=...`, `export API_TOKEN="..."`, `password: ...` (cloud-config, a config file written by the script), `--password ...`, `--db-password=...`, `docker login -p ...`, `mysql -p...`.',
      "The password of a connection string (`postgres://user:password@host/db`) and the credential of an `Authorization:` header.",
      "In every encoding user data takes: `Fn::Base64` over a literal, `Fn::Sub` or `Fn::Join`; base64 in launch-template data; gzip; `#cloud-config` (including base64 `write_files` contents); MIME multipart."
    ],
    notFlagged: [
      "Values expanded at run time: `$VAR`, `$(aws ssm get-parameter ...)`, `${Param}` substitutions and other intrinsics (parameters are not written in the file), `{{...}}` templates.",
      "`{{resolve:...}}` dynamic references: the secret is not in the file, though it still ends up readable in the user data (see above).",
      "Placeholders (`<password>`, `changeme`, `xxxx`, `your-token`), paths and ARNs, and values shorter than 4 characters.",
      "AWS access keys: those are reported by `hardcoded-credentials`."
    ],
    fix: [
      "Store the secret in Secrets Manager (or SSM Parameter Store as a SecureString), allow the instance role to read that one secret, and fetch it at boot:",
      "",
      "```yaml",
      "UserData: !Base64 |",
      "  #!/bin/bash",
      '  DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id prod/app/db --query SecretString --output text)"',
      "```",
      "",
      "Then rotate the secret that was written in the user data: it has been readable by everyone listed above. For SSH keys, use EC2 Instance Connect or Session Manager instead of shipping a key."
    ].join("\n"),
    level: "error",
    securitySeverity: 8,
    tags: ["security", "secrets", "ec2"],
    references: [
      "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html",
      "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html",
      "https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-parameter-store.html",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-base64.html"
    ],
    recommended: true,
    domain: "launch"
  },
  messages: {
    secret: "The user data of {site} holds {what} ({masked}){where}{notes}: every process on the instance and anyone allowed to describe it can read it. Fetch it at boot from Secrets Manager or SSM Parameter Store with the instance role, and rotate it.",
    privateKey: "The user data of {site} holds a private key ({masked}){where}{notes}: every process on the instance and anyone allowed to describe it can read it. Fetch it at boot from Secrets Manager with the instance role (or use EC2 Instance Connect), and replace the key."
  },
  visit: {
    launch(spec, ctx) {
      if (!spec.userData) return;
      for (const seg of spec.userData.segments()) {
        for (const m of findScriptSecrets(seg.text)) {
          const loc = seg.locate(m.index, m.length);
          ctx.report({
            messageId: m.what === "a private key" ? "privateKey" : "secret",
            at: loc.range,
            ...specLocation(spec, "UserData"),
            data: { site: spec.label, what: m.what, masked: m.masked, where: userDataWhere(seg, loc), notes: notesSuffix(seg.notes) },
            evidence: `${m.what}:${m.masked}`
          });
        }
      }
    }
  }
});

// rules/passrole/passrole-missing-passed-to-service.ts
var passrole_missing_passed_to_service_default = defineRule({
  id: "passrole-missing-passed-to-service",
  meta: {
    summary: "iam:PassRole is allowed without a sound iam:PassedToService condition.",
    why: [
      "Without `iam:PassedToService`, a role that was meant for EC2 can also be passed to Lambda, CloudFormation, Glue or any other service that takes a role, each a different way to run code with it.",
      "AWS recommends the condition on every PassRole grant. The key holds the service principal the role is passed to (`ec2.amazonaws.com`).",
      "Condition operators that are true when the key is absent (`...IfExists`, `ForAllValues:`, negated operators) do not restrict anything: some services do not send the key at all."
    ].join(" "),
    flagged: [
      "An `Allow` statement granting `iam:PassRole` with no `iam:PassedToService` condition.",
      "The key tested with `StringEqualsIfExists`/`StringLikeIfExists`, `ForAllValues:...`, or a negated operator (`StringNotEquals`, `StringNotLike`).",
      "Values that match any service: `*`, `*.amazonaws.com`, `*amazonaws*`.",
      "A misspelt key (`iam:PassedToServices`, `iam:PassToService`): IAM never sees it in the request."
    ],
    notFlagged: [
      "`StringEquals`, `StringEqualsIgnoreCase` or `StringLike` on service principals, including `ec2.amazonaws.com*` (which also covers `ec2.amazonaws.com.cn`).",
      "A same-document `Deny` of PassRole on every role with `StringNotEquals iam:PassedToService` (it denies when the key is absent, too).",
      "Statements whose resources cannot be roles, and conditions that cannot be read offline."
    ],
    fix: [
      "Add the service the role is meant for:",
      "",
      "```json",
      '"Condition": { "StringEquals": { "iam:PassedToService": "ec2.amazonaws.com" } }',
      "```",
      "",
      "Passing one named role without the condition is common and not always wrong, which is why this rule is a warning."
    ].join("\n"),
    level: "warning",
    securitySeverity: 5.5,
    tags: ["security", "iam", "passrole", "conditions"],
    references: [
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html"
    ],
    recommended: true,
    domain: "passrole"
  },
  messages: {
    missing: "This statement allows iam:PassRole{via} without an iam:PassedToService condition{notes}, so the role can be passed to any service that takes one. Add StringEquals iam:PassedToService with the service principal, e.g. ec2.amazonaws.com.",
    weakOperator: "iam:PassedToService is tested with {operator}{notes}, which does not restrict the service: {reason}. Use StringEquals or StringLike.",
    broadValue: "iam:PassedToService {value}{notes}, so it does not restrict where the role can be passed. Name the service principal, e.g. ec2.amazonaws.com.",
    misspelt: "'{key}' is not iam:PassedToService{notes}: IAM never finds it in the request, so it does not restrict where the role can be passed. Did you mean iam:PassedToService?"
  },
  visit: {
    policy(doc, ctx) {
      for (const g of passRoleGrants(doc)) {
        const r = passedToService(g, doc);
        const base = { doc, statement: g.statement };
        if (r.verdict === "sound" || r.verdict === "unknown") continue;
        if (r.verdict === "misspelt") {
          ctx.report({ ...base, messageId: "misspelt", at: r.clause.keyNode, data: { key: r.key, notes: notesSuffix(g.statement.notes) } });
        } else if (r.value) {
          ctx.report({
            ...base,
            messageId: "broadValue",
            at: r.value,
            data: { value: r.reason, notes: notesSuffix([...g.statement.notes, ...r.value.notes]) }
          });
        } else if (r.clause) {
          ctx.report({
            ...base,
            messageId: "weakOperator",
            at: r.clause.operatorNode,
            data: { operator: r.clause.operator, reason: r.reason, notes: notesSuffix(g.statement.notes) }
          });
        } else {
          const at = g.via ?? g.actionField.key;
          ctx.report({ ...base, messageId: "missing", at, data: { via: viaText(g), notes: notesSuffix(g.statement.notes) } });
        }
      }
    }
  }
});

// rules/passrole/passrole-wildcard-resource.ts
var passrole_wildcard_resource_default = defineRule({
  id: "passrole-wildcard-resource",
  meta: {
    summary: "iam:PassRole is allowed on every role.",
    why: [
      "`iam:PassRole` lets a principal hand a role to an AWS service (an EC2 instance profile, a Lambda function, a CloudFormation stack...).",
      "Whoever can pass *every* role can pass the most privileged role in the account to a service they control and act with its permissions: one of the classic IAM privilege escalations.",
      "AWS IAM Access Analyzer raises the same warning (`PASS_ROLE_WITH_STAR_IN_RESOURCE`, and its NotAction/NotResource variants).",
      "Only roles of the same account can be passed, so `arn:aws:iam::<account>:role/*` is as broad as `*`."
    ].join(" "),
    flagged: [
      "An `Allow` statement that grants `iam:PassRole` (exactly, case-insensitively, or through `*`, `iam:*`, `iam:Pass*`, `*:PassRole`, or a `NotAction` that does not exclude it) with `Resource` `*`, `arn:aws:iam::*:role/*`, `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*`, `arn:aws:iam::123456789012:*` or any other pattern that matches every role.",
      "The same with any `NotResource` (it covers every role it does not list).",
      "In templates, both branches of `Fn::If` are checked and the message names the unsafe one; a parameter default is reported as a possible value."
    ],
    notFlagged: [
      "A prefix that scopes the roles, such as `role/qateam-*` or `role/service-role/*`.",
      "Resources that cannot be roles (`arn:aws:s3:::bucket/*`): they grant no PassRole.",
      "A specific role (`!GetAtt AppRole.Arn`, `!Ref` of a role ARN parameter) and values that cannot be known offline (imports, parameters without defaults).",
      "A policy whose same document denies `iam:PassRole` on every role without conditions."
    ],
    fix: [
      "List the roles the principal may pass, and say to which service:",
      "",
      "```json",
      "{",
      '  "Effect": "Allow",',
      '  "Action": "iam:PassRole",',
      '  "Resource": "arn:aws:iam::123456789012:role/app-instance-role",',
      '  "Condition": { "StringEquals": { "iam:PassedToService": "ec2.amazonaws.com" } }',
      "}",
      "```"
    ].join("\n"),
    level: "error",
    securitySeverity: 8.8,
    tags: ["security", "iam", "passrole", "privilege-escalation"],
    references: [
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"
    ],
    recommended: true,
    domain: "passrole"
  },
  messages: {
    allRoles: "This statement allows iam:PassRole{via} on every role ('{resource}'){notes}: whoever has it can hand the account's most privileged role to a service they control. List the roles it may pass.",
    notResource: "This statement allows iam:PassRole{via} with NotResource, which covers every role it does not list{notes}. Name the roles it may pass in Resource instead."
  },
  visit: {
    policy(doc, ctx) {
      for (const g of passRoleGrants(doc)) {
        const via = viaText(g);
        if (g.notResource) {
          ctx.report({ messageId: "notResource", at: g.notResource.key, doc, statement: g.statement, data: { via, notes: notesSuffix(g.statement.notes) } });
          continue;
        }
        for (const v of g.allRoles)
          ctx.report({
            messageId: "allRoles",
            at: v,
            doc,
            statement: g.statement,
            data: { via, resource: display(v), notes: notesSuffix([...g.statement.notes, ...v.notes]) }
          });
      }
    }
  }
});

// rules/trust/trust-cross-account-without-external-id.ts
var trust_cross_account_without_external_id_default = defineRule({
  id: "trust-cross-account-without-external-id",
  meta: {
    summary: "A role trusts a whole other account without sts:ExternalId.",
    why: [
      "Trusting `arn:aws:iam::<account>:root` (or the bare account id) trusts every user and role in that account whose own policies allow `sts:AssumeRole` on this role.",
      "When the other account is a third party (a vendor acting for several customers), the role is open to the confused-deputy problem: another customer of the vendor can have it assume your role. AWS prescribes an `sts:ExternalId` condition for that case.",
      "Between your own accounts this is often fine, which is why the rule is a warning and your accounts can be listed in the config."
    ].join(" "),
    flagged: [
      "A trust policy Allow statement whose principal is another account (`arn:aws:iam::<id>:root`, a bare 12-digit id), with no `sts:ExternalId` condition and no `aws:PrincipalArn`/`aws:PrincipalOrgID` restriction.",
      "An `sts:ExternalId` tested with `...IfExists` or a negated operator (true when the caller sends none)."
    ],
    notFlagged: [
      "Your own account: `${AWS::AccountId}`, `!Ref AWS::AccountId`, or ids listed in `ownAccounts` in `.iamlintrc`.",
      "A specific role or user ARN in another account (`arn:aws:iam::<id>:role/deployer`).",
      "Accounts that cannot be known offline (a parameter without a default)."
    ],
    fix: [
      "For a third party, require the external id they gave you:",
      "",
      "```json",
      '"Condition": { "StringEquals": { "sts:ExternalId": "<id from the vendor>" } }',
      "```",
      "",
      "For your own accounts, name the role that may assume it, or add the account to `ownAccounts` in `.iamlintrc.json`."
    ].join("\n"),
    level: "warning",
    securitySeverity: 6.5,
    tags: ["security", "iam", "trust-policy", "cross-account"],
    references: [
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"
    ],
    recommended: true,
    domain: "trust"
  },
  messages: {
    wholeAccount: "This trust policy trusts every principal of account {account}{notes} without sts:ExternalId. If {account} is a third party, require sts:ExternalId; if it is yours, name the role there or list the account in ownAccounts.",
    weakExternalId: "sts:ExternalId is tested with {operator}, which does not require it: {reason}. Use StringEquals."
  },
  visit: {
    policy(doc, ctx) {
      for (const st of trustStatements(doc)) {
        const accounts = principals(st).filter((p) => p.cls.kind === "account" && !isOwnAccount(p.cls.account, ctx.settings.ownAccounts));
        if (accounts.length === 0) continue;
        const ext = wholeAccountNarrowing(st);
        if (ext.verdict !== "unsound") continue;
        if (ext.clause && !ext.value) {
          ctx.report({
            messageId: "weakExternalId",
            at: ext.clause.operatorNode,
            doc,
            statement: st,
            data: { operator: ext.clause.operator, reason: ext.reason }
          });
          continue;
        }
        for (const { entry, cls } of accounts) {
          if (cls.kind !== "account") continue;
          ctx.report({
            messageId: "wholeAccount",
            at: entry.val,
            doc,
            statement: st,
            data: { account: cls.account, notes: notesSuffix([...st.notes, ...entry.val.notes]) }
          });
        }
      }
    }
  }
});

// src/model/oidc.ts
function subjectWeakness(flavor, value, like) {
  if (!like) return void 0;
  if (/^[*?]*$/.test(value)) return `'${value}' matches every subject`;
  if (flavor === "github") {
    const m = /^repo:([^/]*)(\/.*)?$/.exec(value);
    if (!m) return /^[^:]*[*?]/.test(value) ? `'${value}' matches every repository` : void 0;
    const owner = m[1] ?? "";
    if (owner === "" || /[*?]/.test(owner)) return `'${value}' matches repositories of any owner`;
    return void 0;
  }
  if (flavor === "eks") {
    const m = /^system:serviceaccount:([^:]*)/.exec(value);
    if (!m) return /^system:[*?]/.test(value) || /^sys[^:]*[*?]/.test(value) ? `'${value}' matches every service account` : void 0;
    const ns = m[1] ?? "";
    if (ns === "" || /[*?]/.test(ns)) return `'${value}' matches service accounts in every namespace`;
    return void 0;
  }
  return void 0;
}
function audienceWeakness(value, like) {
  if (like && /^[*?]*$/.test(value)) return `'${value}' matches every audience`;
  return void 0;
}
function oidcProblems(cond, flavor, issuer) {
  const out = [];
  const check = (claim, key, r) => {
    if (r.verdict === "unsound") out.push({ claim, key, verdict: r });
  };
  const sub = `${issuer}:sub`;
  const aud = `${issuer}:aud`;
  const audR = restriction(cond, [aud], audienceWeakness);
  if (flavor === "cognito") {
    check("aud", aud, audR);
    return out;
  }
  const subKeys = flavor === "github" ? [sub, `${issuer}:job_workflow_ref`] : [sub];
  const subR = restriction(cond, subKeys, (v, like) => subjectWeakness(flavor, v, like));
  if (flavor === "oidc") {
    if (subR.verdict === "unsound" && subR.clause) check("sub", sub, subR);
    else if (subR.verdict === "unsound") check("aud", aud, audR);
    return out;
  }
  check("sub", sub, subR);
  if (flavor === "github") check("aud", aud, audR);
  return out;
}

// rules/trust/trust-oidc-unscoped.ts
var trust_oidc_unscoped_default = defineRule({
  id: "trust-oidc-unscoped",
  meta: {
    summary: "A web-identity (OIDC) trust does not restrict the audience and subject.",
    why: [
      "A role that trusts an OIDC provider (GitHub Actions, an EKS cluster, Cognito, any OIDC issuer) can be assumed with any token that provider issues, unless conditions pin the token.",
      "For GitHub Actions, without a `token.actions.githubusercontent.com:sub` condition naming your repository, **any** GitHub repository, anyone's, can assume the role.",
      "For EKS (IRSA), without `<issuer>:sub` every pod of the cluster can; for Cognito identity pools, without `cognito-identity.amazonaws.com:aud` any identity pool can.",
      "IAM now refuses some of these at creation, but checks only the first value of a list; iamlint checks every value."
    ].join(" "),
    flagged: [
      "GitHub Actions: no `:sub` (or `:job_workflow_ref`) condition; a subject such as `*`, `repo:*`, `repo:*/*`, or a wildcard owner (`repo:*/app`); no `:aud` condition.",
      "EKS: no `:sub` condition, or `system:serviceaccount:*` (any namespace).",
      "Cognito: no `cognito-identity.amazonaws.com:aud` condition (the identity pool id).",
      "Any other OIDC provider: neither `:aud` nor `:sub` restricted; a `*` subject.",
      "In templates the provider may be a resource of the template (`Federated: !Ref GitHubOidc`, `!GetAtt GitHubOidc.Arn`): its `Url` names the issuer. Values under `Fn::If` are checked in both branches.",
      "These keys tested with `...IfExists`, `ForAllValues:` or negated operators (true when the token lacks the claim). Every value of a list is checked."
    ],
    notFlagged: [
      "`repo:org/repo:ref:refs/heads/main`, `repo:org/repo:*`, `repo:org/*` (a fixed owner), `system:serviceaccount:ns:*`.",
      "SAML federation (`saml-provider`) and conditions that cannot be read offline."
    ],
    fix: [
      "```json",
      '"Condition": {',
      '  "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },',
      '  "StringLike": { "token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:ref:refs/heads/main" }',
      "}",
      "```"
    ].join("\n"),
    level: "error",
    securitySeverity: 9.1,
    tags: ["security", "iam", "trust-policy", "oidc", "github-actions", "eks"],
    references: [
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub",
      "https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
      "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html"
    ],
    recommended: true,
    domain: "trust"
  },
  messages: {
    missingSub: "This role trusts {provider} tokens without a {key} condition{notes}: {who} can assume it. Restrict {key} to {example}.",
    broadSub: "The subject {value}: {who} can assume this role{notes}. Restrict it to {example}.",
    weakCondition: "{key} is tested with {operator}{notes}, which does not restrict the token: {reason}.",
    missingAud: "This role trusts {provider} tokens without a {key} condition{notes}: tokens issued for any audience are accepted. Require {key} = {example}."
  },
  visit: {
    policy(doc, ctx) {
      for (const st of trustStatements(doc)) {
        for (const { entry, cls } of principals(st)) {
          if (cls.kind !== "oidc") continue;
          const notes = notesSuffix([...st.notes, ...entry.val.notes]);
          const base = { doc, statement: st };
          const issuer = cls.issuer;
          const provider = cls.flavor === "github" ? "GitHub Actions" : cls.flavor === "eks" ? "EKS service-account" : cls.flavor === "cognito" ? "Cognito identity pool" : `OIDC provider ${issuer}`;
          const who = cls.flavor === "github" ? "any GitHub repository" : cls.flavor === "eks" ? "any pod in the cluster" : "anyone with a token from this provider";
          const example = cls.flavor === "github" ? "repo:<owner>/<repo>:<ref or environment>" : cls.flavor === "eks" ? "system:serviceaccount:<namespace>:<name>" : "the expected subject";
          const audExample = cls.flavor === "cognito" ? "the identity pool id" : cls.flavor === "github" ? "sts.amazonaws.com" : "your client id";
          for (const { claim, key, verdict: r } of oidcProblems(st.condition, cls.flavor, cls.issuer)) {
            const ex = claim === "sub" ? example : audExample;
            if (r.value && claim === "sub")
              ctx.report({
                ...base,
                messageId: "broadSub",
                at: r.value,
                data: { value: r.reason, who, example: ex, notes: notesSuffix([...st.notes, ...entry.val.notes, ...r.value.notes]) }
              });
            else if (r.clause)
              ctx.report({
                ...base,
                messageId: "weakCondition",
                at: r.value ?? r.clause.operatorNode,
                data: { key: r.clause.key, operator: r.clause.operator, reason: r.reason, notes }
              });
            else
              ctx.report({
                ...base,
                messageId: claim === "sub" ? "missingSub" : "missingAud",
                at: entry.val,
                data: { provider, key, who, example: ex, notes }
              });
          }
        }
      }
    }
  }
});

// rules/trust/trust-wildcard-principal.ts
var trust_wildcard_principal_default = defineRule({
  id: "trust-wildcard-principal",
  meta: {
    summary: "A role trust policy lets anyone assume the role.",
    why: [
      '`"Principal": "*"` and `{"AWS": "*"}` mean every principal in every AWS account, and anonymous callers; AWS strongly advises against them in Allow statements, especially in role trust policies.',
      "`NotPrincipal` with `Allow` grants everyone it does not list (and cannot be used in a trust policy at all).",
      "Such a trust is only acceptable when a condition in the same statement restricts the caller to your organization, accounts or principals (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:PrincipalOrgPaths`, or `aws:SourceAccount`/`aws:SourceArn`/`aws:SourceOrgID` for services).",
      "`aws:SourceIp`, `aws:SecureTransport` or MFA conditions alone do not say who the caller is."
    ].join(" "),
    flagged: [
      '`Principal: "*"`, `Principal: {AWS: "*"}` (string or list form) in an Allow statement of a trust policy (`AssumeRolePolicyDocument`, or a policy file recognised as one).',
      "`NotPrincipal` with `Allow`.",
      "A caller condition that is unsound: `...IfExists`, `ForAllValues:`, negated, or a value such as `*` or an ARN with a wildcard account."
    ],
    notFlagged: [
      "Wildcard principals restricted by a sound `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn` (with an account), `aws:PrincipalOrgPaths`, `aws:SourceAccount`, `aws:SourceArn` or `aws:SourceOrgID` condition in the same statement.",
      "Resource policies (bucket, queue, topic, key policies): this rule is about who can assume a role.",
      "Conditions that cannot be read offline."
    ],
    fix: [
      "Name the principals that may assume the role, or restrict the caller in the same statement:",
      "",
      "```json",
      '"Principal": { "AWS": "*" },',
      '"Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }',
      "```"
    ].join("\n"),
    level: "error",
    securitySeverity: 9.3,
    tags: ["security", "iam", "trust-policy"],
    references: [
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"
    ],
    recommended: true,
    domain: "trust"
  },
  messages: {
    everyone: "This trust policy lets any principal in any AWS account assume the role (Principal '*'){notes}. Name the principals, or restrict the caller with aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn.",
    weakCondition: "This trust policy lets any principal assume the role (Principal '*'){notes}; its condition on {key} does not restrict the caller: {reason}.",
    notPrincipal: "NotPrincipal with Allow lets every principal it does not list assume the role{notes}; NotPrincipal is not allowed in trust policies. Name the principals in Principal instead."
  },
  visit: {
    policy(doc, ctx) {
      for (const st of trustStatements(doc)) {
        const r = callerRestriction(st);
        if (r.verdict === "sound" || r.verdict === "unknown") continue;
        const notes = notesSuffix(st.notes);
        if (st.notPrincipal) {
          ctx.report({ messageId: "notPrincipal", at: st.notPrincipal.key, doc, statement: st, data: { notes } });
          continue;
        }
        for (const { entry, cls } of principals(st)) {
          if (cls.kind !== "everyone") continue;
          const n = notesSuffix([...st.notes, ...entry.val.notes]);
          if (r.clause)
            ctx.report({
              messageId: "weakCondition",
              at: r.value ?? r.clause.operatorNode,
              doc,
              statement: st,
              data: { notes: n, key: r.clause.key, reason: r.reason }
            });
          else ctx.report({ messageId: "everyone", at: entry.val, doc, statement: st, data: { notes: n } });
        }
      }
    }
  }
});

// rules/index.ts
var rules = [
  passrole_wildcard_resource_default,
  passrole_missing_passed_to_service_default,
  trust_wildcard_principal_default,
  trust_cross_account_without_external_id_default,
  trust_oidc_unscoped_default,
  hardcoded_credentials_default,
  imdsv2_not_required_default,
  imds_hop_limit_default,
  userdata_secret_default,
  instance_profile_untrusted_role_default,
  instance_profile_role_count_default,
  instance_role_passrole_escalation_default,
  launch_configuration_deprecated_default,
  invalid_input_default,
  invalid_suppression_default
];

// src/node/lint-files.ts
import { readFileSync } from "node:fs";
function lintOne(f, opts2) {
  let bytes;
  try {
    bytes = readFileSync(f.abs);
  } catch (e) {
    const reason = `cannot read the file (${e.code ?? e.message})`;
    return unreadableResult(f.rel, reason, new LineIndex("").region({ start: 0, end: 0 }), opts2);
  }
  try {
    return lintBytes(f.rel, bytes, opts2);
  } catch (e) {
    const message = `Internal error while checking this file: ${e.stack ?? String(e)}`;
    return { file: f.rel, status: "error", kind: "internal", findings: [], notifications: [{ file: f.rel, level: "error", message }] };
  }
}

// src/node/worker.ts
var w = workerData;
var opts = {
  rules,
  levels: new Map(w.levels),
  ruleOptions: new Map(w.ruleOptions),
  settings: w.settings,
  ...w.maxFileSize !== void 0 ? { maxFileSize: w.maxFileSize } : {}
};
parentPort?.on("message", (batch) => {
  parentPort?.postMessage(batch.map((f) => lintOne(f, opts)));
});
