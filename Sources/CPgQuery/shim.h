// CPgQuery: Debian's libpg_query (the real PostgreSQL 15 parser) and the protobuf-c
// structs of its parse tree, plus two helpers that turn a parse-tree fragment back into
// SQL text with libpg_query's own deparser. Only StrataKit/Parsing imports this module.
#ifndef STRATA_CPGQUERY_SHIM_H
#define STRATA_CPGQUERY_SHIM_H

#include <stdlib.h>
#include <string.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

/// Deparses a one-statement parse result built around `stmt`. Returns a malloc'd string
/// (the caller frees it), or NULL when the deparser rejects the tree.
static inline char *strata_deparse_node_as_statement(PgQuery__Node *stmt) {
    PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
    raw.stmt = stmt;
    PgQuery__RawStmt *raws[1] = { &raw };
    PgQuery__ParseResult result = PG_QUERY__PARSE_RESULT__INIT;
    result.version = PG_VERSION_NUM;
    result.n_stmts = 1;
    result.stmts = raws;

    size_t length = pg_query__parse_result__get_packed_size(&result);
    uint8_t *buffer = (uint8_t *)malloc(length > 0 ? length : 1);
    if (buffer == NULL) return NULL;
    pg_query__parse_result__pack(&result, buffer);
    PgQueryProtobuf protobuf = { length, (char *)buffer };
    PgQueryDeparseResult deparsed = pg_query_deparse_protobuf(protobuf);
    free(buffer);

    char *text = NULL;
    if (deparsed.error == NULL && deparsed.query != NULL) {
        text = strdup(deparsed.query);
    }
    pg_query_free_deparse_result(deparsed);
    return text;
}

/// Deparses one expression by wrapping it as `SELECT <expr>` and dropping the `SELECT `.
/// Returns a malloc'd string (the caller frees it), or NULL on failure.
static inline char *strata_deparse_expression(PgQuery__Node *expression) {
    PgQuery__ResTarget target = PG_QUERY__RES_TARGET__INIT;
    target.val = expression;
    PgQuery__Node targetNode = PG_QUERY__NODE__INIT;
    targetNode.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    targetNode.res_target = &target;
    PgQuery__Node *targets[1] = { &targetNode };

    PgQuery__SelectStmt select = PG_QUERY__SELECT_STMT__INIT;
    select.n_target_list = 1;
    select.target_list = targets;
    PgQuery__Node selectNode = PG_QUERY__NODE__INIT;
    selectNode.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    selectNode.select_stmt = &select;

    char *statement = strata_deparse_node_as_statement(&selectNode);
    if (statement == NULL) return NULL;
    const char *prefix = "SELECT ";
    size_t prefixLength = strlen(prefix);
    if (strncmp(statement, prefix, prefixLength) != 0) {
        free(statement);
        return NULL;
    }
    memmove(statement, statement + prefixLength, strlen(statement) - prefixLength + 1);
    return statement;
}

/// PostgreSQL's keyword table, compiled into libpg_query (common/keywords.c, common/kwlookup.c):
/// the category of `word` (0 unreserved, 1 column name, 2 type or function name, 3 reserved),
/// or -1 when it is not a keyword. Case-insensitive for ASCII, as the scanner is.
struct ScanKeywordList;
extern const struct ScanKeywordList ScanKeywords;
extern const unsigned char ScanKeywordCategories[];
extern int ScanKeywordLookup(const char *str, const struct ScanKeywordList *keywords);

static inline int strata_keyword_category(const char *word) {
    int number = ScanKeywordLookup(word, &ScanKeywords);
    return number < 0 ? -1 : ScanKeywordCategories[number];
}

#endif
