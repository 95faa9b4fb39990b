/* The vocabulary's ASCII words and one-edit deletion keys (index._vocab, index._deletes) in one
 * flat open-addressing table, and the one-edit neighbours of an ASCII word read from it
 * (NameIndex._neighbours) without a Python object per deletion: one probe per key where the
 * dicts took two, no string made, nothing for the garbage collector.
 * (included by _core.c after _core_tables.c: one translation unit)
 *
 * The neighbours are collected in a set built by CPython's own rules for a set (the order the
 * reference's set had), then sorted by word id: `_word_lookup` ranks equal weights in that order,
 * which, unlike a set of strings' order, does not change with PYTHONHASHSEED. Words that are not
 * ASCII take the dict path. */

#if defined(__GNUC__) || defined(__clang__)
#define WT_PREFETCH(p) __builtin_prefetch(p)
#else
#define WT_PREFETCH(p) ((void)0)
#endif

static int word_id(TablesObject *t, PyObject *o, Py_ssize_t *wi);
static PyTypeObject TablesType;

/* a record in wt_pool (uint32 words, found by its place + 1 in a slot's low half): key length, word id (-1: not a word), number of words
 * this key is a deletion of, those word ids, then the key's bytes (padded to 4) */
enum { WT_LEN, WT_WID, WT_ND, WT_IDS };

static inline uint64_t wt_hash(const unsigned char *s, Py_ssize_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (Py_ssize_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 0x100000001b3ULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 32);
}

static inline const uint32_t *wt_rec(const TablesObject *t, uint64_t slot)
{
    return t->wt_pool + ((slot & 0xffffffffULL) - 1);
}

/* the record of key s[0 .. n) of hash h, or NULL */
static const uint32_t *wt_find_h(const TablesObject *t, const unsigned char *s, Py_ssize_t n,
                                 uint64_t h)
{
    uint32_t tag = (uint32_t)(h >> 32);
    for (size_t i = (size_t)h & t->wt_mask;; i = (i + 1) & t->wt_mask) {
        uint64_t slot = t->wt_slot[i];
        if (slot == 0)
            return NULL;
        if ((uint32_t)(slot >> 32) == tag) {
            const uint32_t *r = wt_rec(t, slot);
            if ((Py_ssize_t)r[WT_LEN] == n
                && memcmp((const unsigned char *)(r + WT_IDS + r[WT_ND]), s, (size_t)n) == 0)
                return r;
        }
    }
}

static inline const uint32_t *wt_find(const TablesObject *t, const unsigned char *s,
                                      Py_ssize_t n)
{
    return wt_find_h(t, s, n, wt_hash(s, n));
}

/* the record of ASCII key `s`, added (no word, no deletions) when absent; NULL on error */
static uint32_t *wt_add(TablesObject *t, const unsigned char *s, Py_ssize_t n, Py_ssize_t nd,
                        size_t *pool_cap)
{
    uint64_t h = wt_hash(s, n);
    uint32_t tag = (uint32_t)(h >> 32);
    size_t i = (size_t)h & t->wt_mask;
    for (;; i = (i + 1) & t->wt_mask) {
        uint64_t slot = t->wt_slot[i];
        if (slot == 0)
            break;
        if ((uint32_t)(slot >> 32) == tag) {
            uint32_t *r = t->wt_pool + ((slot & 0xffffffffULL) - 1);
            if ((Py_ssize_t)r[WT_LEN] == n
                && memcmp((const unsigned char *)(r + WT_IDS + r[WT_ND]), s, (size_t)n) == 0)
                return r;
        }
    }
    size_t words = (size_t)(WT_IDS + nd) + ((size_t)n + 3) / 4;
    if (t->wt_pool_n + words > *pool_cap) {
        size_t cap = *pool_cap ? *pool_cap : 1024;
        while (cap < t->wt_pool_n + words)
            cap *= 2;
        if (cap >= 0xffffffffULL) {
            PyErr_SetString(PyExc_MemoryError, "vocabulary table too large");
            return NULL;
        }
        uint32_t *p = PyMem_Realloc(t->wt_pool, cap * sizeof(uint32_t));
        if (p == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        t->wt_pool = p;
        *pool_cap = cap;
    }
    uint32_t *r = t->wt_pool + t->wt_pool_n;
    memset(r, 0, words * sizeof(uint32_t));
    r[WT_LEN] = (uint32_t)n;
    r[WT_WID] = (uint32_t)-1;
    r[WT_ND] = (uint32_t)nd;
    memcpy((unsigned char *)(r + WT_IDS + nd), s, (size_t)n);
    t->wt_slot[i] = ((uint64_t)tag << 32) | (uint64_t)(t->wt_pool_n + 1);
    t->wt_pool_n += words;
    return r;
}

static int wt_id(TablesObject *t, PyObject *o, uint32_t *out)
{
    Py_ssize_t wi;
    if (!PyLong_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "deletes: expected word ids");
        return -1;
    }
    if (word_id(t, o, &wi) < 0)
        return -1;
    *out = (uint32_t)wi;
    return 0;
}

static int wordtab_fill(TablesObject *t);

/* the table of t->vocab and t->deletes (their ASCII keys); -1 with an exception (and none) */
static int wordtab_build(TablesObject *t)
{
    if (wordtab_fill(t) == 0)
        return 0;
    PyMem_Free(t->wt_slot);
    PyMem_Free(t->wt_pool);
    t->wt_slot = NULL;
    t->wt_pool = NULL;
    return -1;
}

static int wordtab_fill(TablesObject *t)
{
    Py_ssize_t nkeys = PyDict_GET_SIZE(t->vocab) + PyDict_GET_SIZE(t->deletes);
    size_t cap = 16, pool_cap = 0;
    while (2 * cap < (size_t)nkeys * 3)  /* (at most two thirds full) */
        cap *= 2;
    t->wt_slot = PyMem_Calloc(cap, sizeof(uint64_t));
    if (t->wt_slot == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    t->wt_mask = cap - 1;
    t->wt_pool_n = 0;
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(t->deletes, &pos, &k, &v)) {  /* (each key once: no record grows) */
        if (!PyUnicode_Check(k)) {
            PyErr_SetString(PyExc_TypeError, "deletes: expected str keys");
            return -1;
        }
        if (!PyUnicode_IS_ASCII(k))
            continue;
        Py_ssize_t nd = PyTuple_Check(v) ? PyTuple_GET_SIZE(v) : 1;
        uint32_t *r = wt_add(t, PyUnicode_1BYTE_DATA(k), PyUnicode_GET_LENGTH(k), nd, &pool_cap);
        if (r == NULL)
            return -1;
        for (Py_ssize_t x = 0; x < nd; x++)
            if (wt_id(t, PyTuple_Check(v) ? PyTuple_GET_ITEM(v, x) : v, &r[WT_IDS + x]) < 0)
                return -1;
    }
    pos = 0;
    while (PyDict_Next(t->vocab, &pos, &k, &v)) {
        if (!PyUnicode_Check(k)) {
            PyErr_SetString(PyExc_TypeError, "vocab: expected str keys");
            return -1;
        }
        if (!PyUnicode_IS_ASCII(k))
            continue;
        uint32_t *r = wt_add(t, PyUnicode_1BYTE_DATA(k), PyUnicode_GET_LENGTH(k), 0, &pool_cap);
        if (r == NULL || wt_id(t, v, &r[WT_WID]) < 0)
            return -1;
    }
    uint32_t *p = PyMem_Realloc(t->wt_pool, (t->wt_pool_n + 1) * sizeof(uint32_t));
    if (p != NULL)  /* (the pool's exact size) */
        t->wt_pool = p;
    return 0;
}

/* 1: every ASCII key of t->weights is a word of the table (so t->wweight holds its weight);
 * 0: not; -1 with an exception */
static int wordtab_weights(TablesObject *t)
{
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(t->weights, &pos, &k, &v)) {
        if (!PyUnicode_Check(k)) {
            PyErr_SetString(PyExc_TypeError, "weights: expected str keys");
            return -1;
        }
        if (!PyUnicode_IS_ASCII(k))
            continue;
        const uint32_t *r = wt_find(t, PyUnicode_1BYTE_DATA(k), PyUnicode_GET_LENGTH(k));
        if (r == NULL || (int32_t)r[WT_WID] < 0 || isnan(t->wweight[r[WT_WID]]))
            return 0;
    }
    return 1;
}

/* ---- a Python set, slot for slot (CPython's setobject.c: linear probes, then perturbation;
 * grown to 4x its size when three fifths full) ---- */

#define SIM_PROBES 9
#define SIM_SMALL 128

typedef struct {
    Py_hash_t *h;
    int32_t *k;              /* -1: empty */
    size_t mask, fill;
    const unsigned char *word;  /* keys are deletion places in `word` (NULL: word ids) */
    int inline_at;           /* which inline table is in use (-1: an allocated one) */
    Py_hash_t h0[2][SIM_SMALL];  /* (the tables of up to SIM_SMALL slots: 8, 32, 128) */
    int32_t k0[2][SIM_SMALL];
} SimSet;

static void sim_init(SimSet *s, const unsigned char *word)
{
    s->h = s->h0[0];
    s->k = s->k0[0];
    s->inline_at = 0;
    s->mask = 7;
    s->fill = 0;
    s->word = word;
    for (int i = 0; i < 8; i++)
        s->k[i] = -1;
}

static void sim_free(SimSet *s)
{
    if (s->inline_at < 0) {
        PyMem_Free(s->h);
        PyMem_Free(s->k);
    }
}

/* word without its letter a equals word without its letter b: the letters between are one */
static inline int sim_eq(const SimSet *s, int32_t a, int32_t b)
{
    if (s->word == NULL || a == b)
        return a == b;
    int32_t lo = a < b ? a : b, hi = a < b ? b : a;
    for (int32_t x = lo; x < hi; x++)
        if (s->word[x] != s->word[x + 1])
            return 0;
    return 1;
}

static void sim_insert_clean(Py_hash_t *h, int32_t *k, size_t mask, Py_hash_t hash, int32_t key)
{
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        if (k[i] < 0)
            goto put;
        if (i + SIM_PROBES <= mask) {
            for (size_t j = 1; j <= SIM_PROBES; j++) {
                if (k[i + j] < 0) {
                    i += j;
                    goto put;
                }
            }
        }
        perturb >>= 5;
        i = (i * 5 + 1 + perturb) & mask;
    }
put:
    k[i] = key;
    h[i] = hash;
}

static int sim_resize(SimSet *s, size_t minused)
{
    size_t size = 8;
    while (size <= minused)
        size <<= 1;
    Py_hash_t *h;
    int32_t *k;
    int at = -1;
    if (size <= SIM_SMALL && s->inline_at >= 0) {
        at = 1 - s->inline_at;
        h = s->h0[at];
        k = s->k0[at];
    }
    else {
        h = PyMem_Malloc(size * sizeof(Py_hash_t));
        k = PyMem_Malloc(size * sizeof(int32_t));
        if (h == NULL || k == NULL) {
            PyMem_Free(h);
            PyMem_Free(k);
            PyErr_NoMemory();
            return -1;
        }
    }
    for (size_t i = 0; i < size; i++)
        k[i] = -1;
    for (size_t i = 0; i <= s->mask; i++)
        if (s->k[i] >= 0)
            sim_insert_clean(h, k, size - 1, s->h[i], s->k[i]);
    sim_free(s);
    s->h = h;
    s->k = k;
    s->inline_at = at;
    s->mask = size - 1;
    return 0;
}

static int sim_add(SimSet *s, Py_hash_t hash, int32_t key)
{
    size_t mask = s->mask, perturb = (size_t)hash, i = (size_t)hash & mask, e;
    for (;;) {
        e = i;
        int probes = (i + SIM_PROBES <= mask) ? SIM_PROBES : 0;
        do {
            if (s->k[e] < 0)
                goto unused;
            if (s->h[e] == hash && sim_eq(s, s->k[e], key))
                return 0;
            e++;
        } while (probes--);
        perturb >>= 5;
        i = (i * 5 + 1 + perturb) & mask;
    }
unused:
    s->k[e] = key;
    s->h[e] = hash;
    s->fill++;
    if (s->fill * 5 < mask * 3)
        return 0;
    return sim_resize(s, s->fill > 50000 ? s->fill * 2 : s->fill * 4);
}

static int sim_add_ids(SimSet *s, const uint32_t *r)
{
    for (uint32_t x = 0; x < r[WT_ND]; x++)
        if (sim_add(s, (Py_hash_t)r[WT_IDS + x], (int32_t)r[WT_IDS + x]) < 0)
            return -1;
    return 0;
}

static int cmp_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The vocabulary words one edit away from ASCII `word` (NameIndex._neighbours), by word id
 * (as `_word_lookup` takes them): a bytes object of int32 word ids; NULL with an exception. */
static PyObject *wt_neighbours(TablesObject *t, PyObject *word)
{
    const unsigned char *w = PyUnicode_1BYTE_DATA(word);
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (n > t->longest + 1 || n < 1)  /* (as the reference: no word is one edit away) */
        return PyBytes_FromStringAndSize(NULL, 0);
    SimSet sets[2], *out = &sets[0], *dels = &sets[1];
    /* (the deletions' slots are fetched from memory together, before they are probed) */
    uint64_t *wh = PyMem_Malloc((size_t)n * sizeof(uint64_t));
    unsigned char *buf = PyMem_Malloc((size_t)n);
    PyObject *result = NULL;
    if (buf == NULL || wh == NULL) {
        PyMem_Free(buf);
        PyMem_Free(wh);
        return PyErr_NoMemory();
    }
    sim_init(out, NULL);
    sim_init(dels, w);
    for (Py_ssize_t i = 0; i < n; i++) {  /* {word[:i] + word[i + 1:] for i in range(n)} */
        memcpy(buf, w, (size_t)i);
        memcpy(buf + i, w + i + 1, (size_t)(n - i - 1));
        wh[i] = wt_hash(buf, n - 1);
        WT_PREFETCH(&t->wt_slot[(size_t)wh[i] & t->wt_mask]);
        if (sim_add(dels, _Py_HashBytes(buf, n - 1), (int32_t)i) < 0)
            goto done;
    }
    const uint32_t *r = wt_find(t, w, n);  /* `word` lacks a letter */
    if (r != NULL && sim_add_ids(out, r) < 0)
        goto done;
    for (size_t s = 0; s <= dels->mask; s++) {
        Py_ssize_t i = dels->k[s];
        if (i < 0)
            continue;
        memcpy(buf, w, (size_t)i);
        memcpy(buf + i, w + i + 1, (size_t)(n - i - 1));
        r = wt_find_h(t, buf, n - 1, wh[i]);
        if (r == NULL)
            continue;
        if ((int32_t)r[WT_WID] >= 0  /* `word` has an extra letter */
            && sim_add(out, (Py_hash_t)r[WT_WID], (int32_t)r[WT_WID]) < 0)
            goto done;
        if (sim_add_ids(out, r) < 0)  /* substitution / transposition */
            goto done;
    }
    result = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(out->fill * sizeof(int32_t)));
    if (result != NULL) {
        int32_t *ids = (int32_t *)PyBytes_AS_STRING(result);
        size_t m = 0;
        for (size_t s = 0; s <= out->mask; s++)
            if (out->k[s] >= 0)
                ids[m++] = out->k[s];
        qsort(ids, m, sizeof(int32_t), cmp_int32);  /* by word id: the same in every process */
    }
done:
    sim_free(out);
    sim_free(dels);
    PyMem_Free(buf);
    PyMem_Free(wh);
    return result;
}

/* table_neighbours(tables, word) -> [word id]: the one-edit neighbours of an ASCII word as the
 * compiled look-up finds them, in its order (for tests: the order of `core.neighbours`) */
static PyObject *core_table_neighbours(PyObject *mod, PyObject *args)
{
    TablesObject *t;
    PyObject *word;
    if (!PyArg_ParseTuple(args, "O!U", &TablesType, &t, &word))
        return NULL;
    if (t->wt_slot == NULL || !PyUnicode_IS_ASCII(word)) {
        PyErr_SetString(PyExc_ValueError, "no vocabulary table, or a word not ASCII");
        return NULL;
    }
    PyObject *b = wt_neighbours(t, word);
    if (b == NULL)
        return NULL;
    Py_ssize_t m = PyBytes_GET_SIZE(b) / (Py_ssize_t)sizeof(int32_t);
    PyObject *out = PyList_New(m);
    for (Py_ssize_t x = 0; out != NULL && x < m; x++) {
        int32_t id;
        memcpy(&id, PyBytes_AS_STRING(b) + x * sizeof(int32_t), sizeof id);
        PyObject *o = PyLong_FromLong(id);
        if (o == NULL)
            Py_CLEAR(out);
        else
            PyList_SET_ITEM(out, x, o);
    }
    Py_DECREF(b);
    return out;
}
