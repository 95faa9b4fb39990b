/* The compiled search loop (included by _core.c, one translation unit): an index's tables as
 * flat arrays (`Tables`, built once per index from its attributes, see index.py `_tables`),
 * the ranking of candidates (`Tables.rank`: index.py `NameIndex._accumulate`, the common-word
 * pairs and credits of `_candidates`, and `_best`) and the scoring loop with the choice of an
 * entity's best name (`Tables.best`: the loop of `NameIndex._search`). Same arithmetic, same
 * order, same ties as the Python reference, which the tests compare it with.
 *
 * Every array is checked when the tables are built (ids in range), so the search loops index
 * them without further checks.
 */

typedef struct {
    PyObject_HEAD
    Py_ssize_t n_names, n_words, n_parts, n_ents;
    int32_t *post;          /* word wi holds names post[post_at[wi] .. post_at[wi + 1]) */
    Py_ssize_t *post_at;
    int32_t *split;         /* where the non-persons start in each posting list */
    Py_ssize_t *common_at;  /* -1, or where a common word's sorted names start in `csorted` */
    int32_t *csorted;
    int32_t *ent;           /* names: entity, rank of strength, person, bits of first letters */
    unsigned char *rank;
    unsigned char *person;
    int64_t *first;
    double *wfull, *wmin;
    Py_ssize_t *parts_at;   /* name ni's parts: parts[parts_at[ni] .. parts_at[ni + 1]) */
    int32_t *parts;
    double *pw, *pu;        /* the parts' weights and unmatched weights, as `parts` */
    PyObject *joined;       /* list of str: each name's joined key */
    PyObject *part_tok, *part_fold, *part_raw;  /* the index's part lists (of str) */
    Py_UCS4 *ptok0, *praw0; /* first letter of each part, as mapped and as written */
    unsigned char *plen1, *pshort;  /* part is an initial; part has SYLLABLE letters or fewer */
    /* the vocabulary, for candidates() */
    PyObject *vocab, *deletes, *weights, *generic;  /* dicts, and a frozenset of words */
    double *wweight;        /* each word's weight (NaN: none, a joined name or kana key) */
    Py_ssize_t *wlen;       /* letters in each word */
    Py_ssize_t longest;
    double unknown_weight;
    /* constants (from index.py / score.py) */
    Py_ssize_t pre_cut, max_common_pairs;
    Py_ssize_t keep_plain, keep_initials, keep_long, long_query, max_finding, fuzzy_max_df;
    double neighbour_share, initial_weight, generic_weight;
    int score_digits;
    double rough_scale, short_word_cap;
    /* scratch, one slot per name / entity, all zero between calls */
    double *acc;
    int *stamp;
    char *seen;
    int *slot;
    int busy;
} TablesObject;

static void Tables_dealloc(TablesObject *t)
{
    PyMem_Free(t->post);
    PyMem_Free(t->post_at);
    PyMem_Free(t->split);
    PyMem_Free(t->common_at);
    PyMem_Free(t->csorted);
    PyMem_Free(t->ent);
    PyMem_Free(t->rank);
    PyMem_Free(t->person);
    PyMem_Free(t->first);
    PyMem_Free(t->wfull);
    PyMem_Free(t->wmin);
    PyMem_Free(t->parts_at);
    PyMem_Free(t->parts);
    PyMem_Free(t->pw);
    PyMem_Free(t->pu);
    Py_XDECREF(t->joined);
    Py_XDECREF(t->vocab);
    Py_XDECREF(t->deletes);
    Py_XDECREF(t->weights);
    Py_XDECREF(t->generic);
    PyMem_Free(t->wweight);
    PyMem_Free(t->wlen);
    Py_XDECREF(t->part_tok);
    Py_XDECREF(t->part_fold);
    Py_XDECREF(t->part_raw);
    PyMem_Free(t->ptok0);
    PyMem_Free(t->praw0);
    PyMem_Free(t->plen1);
    PyMem_Free(t->pshort);
    PyMem_Free(t->acc);
    PyMem_Free(t->stamp);
    PyMem_Free(t->seen);
    PyMem_Free(t->slot);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

/* a copy of the buffer of `obj` (`n` items of `itemsize` bytes, integer or float as `kind`
 * 'i' / 'f'), or NULL with an exception */
static void *copy_buffer(PyObject *obj, Py_ssize_t n, Py_ssize_t itemsize, char kind,
                         const char *what)
{
    Py_buffer b;
    if (PyObject_GetBuffer(obj, &b, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return NULL;
    const char *f = b.format ? b.format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    int is_float = (*f == 'd' || *f == 'f');
    if (b.itemsize != itemsize || b.len != n * itemsize || is_float != (kind == 'f')) {
        PyBuffer_Release(&b);
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items of %zd bytes", what, n, itemsize);
        return NULL;
    }
    void *out = PyMem_Malloc((size_t)(n * itemsize) + 1);
    if (out == NULL) {
        PyBuffer_Release(&b);
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(out, b.buf, (size_t)(n * itemsize));
    PyBuffer_Release(&b);
    return out;
}

/* the floats of tuple `t` (of `n` items) into out */
static int tuple_doubles(PyObject *t, Py_ssize_t n, double *out)
{
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != n) {
        PyErr_SetString(PyExc_ValueError, "a name's weights do not fit its parts");
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        out[k] = PyFloat_AsDouble(PyTuple_GET_ITEM(t, k));
        if (out[k] == -1.0 && PyErr_Occurred())
            return -1;
    }
    return 0;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int check_str_list(PyObject *list, Py_ssize_t n, const char *what)
{
    if (PyList_GET_SIZE(list) != n) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items", what, n);
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *s = PyList_GET_ITEM(list, k);
        if (!PyUnicode_Check(s) || PyUnicode_GET_LENGTH(s) == 0) {
            PyErr_Format(PyExc_TypeError, "%s: expected non-empty str", what);
            return -1;
        }
    }
    return 0;
}

/* Tables(postings, split, common, name_entity, name_rank, name_person, name_first, wfull,
 *        wmin, name_parts, name_w, name_u, joined, part_tok, part_fold, part_raw,
 *        pre_cut, max_common_pairs, score_digits, rough_digits, short_word_cap) */
static int Tables_init(TablesObject *t, PyObject *args, PyObject *kwds)
{
    PyObject *postings, *split, *common, *name_entity, *name_rank, *name_person, *name_first,
        *wfull, *wmin, *name_parts, *name_w, *name_u, *joined, *part_tok, *part_fold, *part_raw;
    Py_ssize_t pre_cut, max_pairs;
    int score_digits, rough_digits;
    double short_cap;
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "_core.configure() was not called");
        return -1;
    }
    if (t->post_at != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Tables: already built");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "O!OOOOOOOOO!O!O!O!O!O!O!nniid", &PyList_Type, &postings,
                          &split, &common, &name_entity, &name_rank, &name_person, &name_first,
                          &wfull, &wmin, &PyList_Type, &name_parts, &PyList_Type, &name_w,
                          &PyList_Type, &name_u, &PyList_Type, &joined, &PyList_Type, &part_tok,
                          &PyList_Type, &part_fold, &PyList_Type, &part_raw, &pre_cut,
                          &max_pairs, &score_digits, &rough_digits, &short_cap))
        return -1;
    if (score_digits < 0 || score_digits > 15 || rough_digits < 0 || rough_digits > 15) {
        PyErr_SetString(PyExc_ValueError, "digits out of range");
        return -1;
    }
    t->pre_cut = pre_cut;
    t->max_common_pairs = max_pairs;
    t->score_digits = score_digits;
    t->rough_scale = 1.0;
    for (int k = 0; k < rough_digits; k++)  /* (as numpy's round: 10.0 multiplied up) */
        t->rough_scale *= 10.0;
    t->short_word_cap = short_cap;
    Py_ssize_t nw = PyList_GET_SIZE(postings), nn = PyList_GET_SIZE(name_parts);
    Py_ssize_t np_ = PyList_GET_SIZE(part_tok);
    t->n_words = nw;
    t->n_names = nn;
    t->n_parts = np_;
    if (nn > INT32_MAX - 1 || np_ > INT32_MAX - 1) {
        PyErr_SetString(PyExc_ValueError, "too many names");
        return -1;
    }
    if (check_str_list(part_tok, np_, "part_tok") || check_str_list(part_fold, np_, "part_fold")
        || check_str_list(part_raw, np_, "part_raw") || check_str_list(joined, nn, "joined"))
        return -1;
    if (PyList_GET_SIZE(name_w) != nn || PyList_GET_SIZE(name_u) != nn) {
        PyErr_SetString(PyExc_ValueError, "name weights: one entry per name");
        return -1;
    }
    /* postings, flat */
    t->post_at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nw + 1));
    t->common_at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nw + 1));
    if (!t->post_at || !t->common_at) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t total = 0;
    for (Py_ssize_t wi = 0; wi < nw; wi++) {
        Py_buffer b;
        if (PyObject_GetBuffer(PyList_GET_ITEM(postings, wi), &b, PyBUF_SIMPLE) < 0)
            return -1;
        t->post_at[wi] = total;
        total += b.len / (Py_ssize_t)sizeof(int32_t);
        PyBuffer_Release(&b);
    }
    t->post_at[nw] = total;
    t->post = PyMem_Malloc(sizeof(int32_t) * (size_t)(total + 1));
    if (!t->post) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t wi = 0; wi < nw; wi++) {
        Py_buffer b;
        if (PyObject_GetBuffer(PyList_GET_ITEM(postings, wi), &b, PyBUF_FORMAT) < 0)
            return -1;
        if (b.itemsize != sizeof(int32_t) || b.len != (t->post_at[wi + 1] - t->post_at[wi])
                                                      * (Py_ssize_t)sizeof(int32_t)) {
            PyBuffer_Release(&b);
            PyErr_SetString(PyExc_ValueError, "postings: expected array('i')");
            return -1;
        }
        memcpy(t->post + t->post_at[wi], b.buf, (size_t)b.len);
        PyBuffer_Release(&b);
    }
    for (Py_ssize_t x = 0; x < total; x++) {
        if (t->post[x] < 0 || t->post[x] >= nn) {
            PyErr_SetString(PyExc_ValueError, "postings: name id out of range");
            return -1;
        }
    }
    t->split = copy_buffer(split, nw, sizeof(int32_t), 'i', "split");
    if (!t->split)
        return -1;
    for (Py_ssize_t wi = 0; wi < nw; wi++) {
        if (t->split[wi] < 0 || t->split[wi] > t->post_at[wi + 1] - t->post_at[wi]) {
            PyErr_SetString(PyExc_ValueError, "split out of range");
            return -1;
        }
    }
    /* common words: their names sorted */
    for (Py_ssize_t wi = 0; wi <= nw; wi++)
        t->common_at[wi] = -1;
    PyObject *it = PyObject_GetIter(common), *item;
    if (it == NULL)
        return -1;
    Py_ssize_t ctotal = 0;
    while ((item = PyIter_Next(it)) != NULL) {
        Py_ssize_t wi = PyLong_AsSsize_t(item);
        Py_DECREF(item);
        if (wi == -1 && PyErr_Occurred())
            break;
        if (wi < 0 || wi >= nw) {
            PyErr_SetString(PyExc_ValueError, "common word out of range");
            break;
        }
        if (t->common_at[wi] < 0) {
            t->common_at[wi] = ctotal;
            ctotal += t->post_at[wi + 1] - t->post_at[wi];
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    t->csorted = PyMem_Malloc(sizeof(int32_t) * (size_t)(ctotal + 1));
    if (!t->csorted) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t wi = 0; wi < nw; wi++) {
        if (t->common_at[wi] < 0)
            continue;
        Py_ssize_t n = t->post_at[wi + 1] - t->post_at[wi];
        int32_t *dst = t->csorted + t->common_at[wi];
        memcpy(dst, t->post + t->post_at[wi], sizeof(int32_t) * (size_t)n);
        qsort(dst, (size_t)n, sizeof(int32_t), cmp_i32);
    }
    /* names */
    t->ent = copy_buffer(name_entity, nn, sizeof(int32_t), 'i', "name_entity");
    t->rank = t->ent ? copy_buffer(name_rank, nn, 1, 'i', "name_rank") : NULL;
    t->person = t->rank ? copy_buffer(name_person, nn, 1, 'i', "name_person") : NULL;
    t->first = t->person ? copy_buffer(name_first, nn, 8, 'i', "name_first") : NULL;
    t->wfull = t->first ? copy_buffer(wfull, nn, 8, 'f', "wfull") : NULL;
    t->wmin = t->wfull ? copy_buffer(wmin, nn, 8, 'f', "wmin") : NULL;
    if (!t->wmin)
        return -1;
    Py_ssize_t n_ents = 0;
    for (Py_ssize_t ni = 0; ni < nn; ni++) {
        if (t->ent[ni] < 0) {
            PyErr_SetString(PyExc_ValueError, "name_entity out of range");
            return -1;
        }
        if (t->ent[ni] + 1 > n_ents)
            n_ents = t->ent[ni] + 1;
    }
    t->n_ents = n_ents;
    t->parts_at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nn + 1));
    if (!t->parts_at) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t ptotal = 0;
    for (Py_ssize_t ni = 0; ni < nn; ni++) {
        PyObject *p = PyList_GET_ITEM(name_parts, ni);
        if (!PyTuple_Check(p) || PyTuple_GET_SIZE(p) == 0) {
            PyErr_SetString(PyExc_TypeError, "name_parts: expected non-empty tuples");
            return -1;
        }
        t->parts_at[ni] = ptotal;
        ptotal += PyTuple_GET_SIZE(p);
    }
    t->parts_at[nn] = ptotal;
    t->parts = PyMem_Malloc(sizeof(int32_t) * (size_t)(ptotal + 1));
    t->pw = PyMem_Malloc(sizeof(double) * (size_t)(ptotal + 1));
    t->pu = PyMem_Malloc(sizeof(double) * (size_t)(ptotal + 1));
    if (!t->parts || !t->pw || !t->pu) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t ni = 0; ni < nn; ni++) {
        PyObject *p = PyList_GET_ITEM(name_parts, ni);
        Py_ssize_t at = t->parts_at[ni], n = PyTuple_GET_SIZE(p);
        for (Py_ssize_t j = 0; j < n; j++) {
            Py_ssize_t pid = PyLong_AsSsize_t(PyTuple_GET_ITEM(p, j));
            if (pid == -1 && PyErr_Occurred())
                return -1;
            if (pid < 0 || pid >= np_) {
                PyErr_SetString(PyExc_ValueError, "name_parts: part id out of range");
                return -1;
            }
            t->parts[at + j] = (int32_t)pid;
        }
        if (tuple_doubles(PyList_GET_ITEM(name_w, ni), n, t->pw + at)
            || tuple_doubles(PyList_GET_ITEM(name_u, ni), n, t->pu + at))
            return -1;
    }
    t->ptok0 = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(np_ + 1));
    t->praw0 = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(np_ + 1));
    t->plen1 = PyMem_Malloc((size_t)(np_ + 1));
    t->pshort = PyMem_Malloc((size_t)(np_ + 1));
    if (!t->ptok0 || !t->praw0 || !t->plen1 || !t->pshort) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t p = 0; p < np_; p++) {
        PyObject *tok = PyList_GET_ITEM(part_tok, p);
        t->ptok0[p] = uch(tok, 0);
        t->praw0[p] = uch(PyList_GET_ITEM(part_raw, p), 0);
        t->plen1[p] = PyUnicode_GET_LENGTH(tok) == 1;
        t->pshort[p] = PyUnicode_GET_LENGTH(tok) <= SYLLABLE;
    }
    Py_INCREF(joined);
    t->joined = joined;
    Py_INCREF(part_tok);
    t->part_tok = part_tok;
    Py_INCREF(part_fold);
    t->part_fold = part_fold;
    Py_INCREF(part_raw);
    t->part_raw = part_raw;
    t->acc = PyMem_Calloc((size_t)nn + 1, sizeof(double));
    t->stamp = PyMem_Calloc((size_t)nn + 1, sizeof(int));
    t->seen = PyMem_Calloc((size_t)nn + 1, 1);
    t->slot = PyMem_Calloc((size_t)n_ents + 1, sizeof(int));
    if (!t->acc || !t->stamp || !t->seen || !t->slot) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* ---- scratch --------------------------------------------------------------------------------- */

typedef struct {
    double *acc;
    int *stamp;
    char *seen;
    int *slot;
    int owned;  /* allocated for this call (the tables' own were in use: a re-entrant call) */
} Scratch;

static int scratch_take(TablesObject *t, Scratch *s)
{
    if (t->post_at == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Tables: not built");
        return -1;
    }
    if (!t->busy) {
        t->busy = 1;
        s->acc = t->acc;
        s->stamp = t->stamp;
        s->seen = t->seen;
        s->slot = t->slot;
        s->owned = 0;
        return 0;
    }
    s->acc = PyMem_Calloc((size_t)t->n_names + 1, sizeof(double));
    s->stamp = PyMem_Calloc((size_t)t->n_names + 1, sizeof(int));
    s->seen = PyMem_Calloc((size_t)t->n_names + 1, 1);
    s->slot = PyMem_Calloc((size_t)t->n_ents + 1, sizeof(int));
    s->owned = 1;
    if (!s->acc || !s->stamp || !s->seen || !s->slot) {
        PyMem_Free(s->acc);
        PyMem_Free(s->stamp);
        PyMem_Free(s->seen);
        PyMem_Free(s->slot);
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void scratch_give(TablesObject *t, Scratch *s)
{
    if (s->owned) {
        PyMem_Free(s->acc);
        PyMem_Free(s->stamp);
        PyMem_Free(s->seen);
        PyMem_Free(s->slot);
    }
    else
        t->busy = 0;
}

/* a growable array of name ids */
typedef struct {
    int32_t *v;
    Py_ssize_t n, cap;
} IdVec;

static int idvec_push(IdVec *a, int32_t x)
{
    if (a->n == a->cap) {
        Py_ssize_t cap = a->cap ? 2 * a->cap : 64;
        int32_t *v = PyMem_Realloc(a->v, sizeof(int32_t) * (size_t)cap);
        if (v == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

static inline int sorted_holds(const int32_t *a, Py_ssize_t n, int32_t x)
{
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && a[lo] == x;
}

/* ---- rank: NameIndex._candidates from the accumulation on, and _best ------------------------ */

typedef struct {
    int32_t ni;
    double acc;
    int fits;
    int32_t ent;
    unsigned char rank;
    double rough;  /* rounded acc / denominator */
} RankItem;

/* np.lexsort((-names, -rank, -ents, fits, acc)) order: ascending acc, fits, then descending
 * entity, rank, name (numpy sorts NaN last) */
static inline int nan_cmp(double a, double b)
{
    if (a < b)
        return -1;
    if (a > b)
        return 1;
    if (a == b)
        return 0;
    return isnan(a) ? (isnan(b) ? 0 : 1) : -1;
}

static int pre_cmp(const RankItem *a, const RankItem *b)
{
    int c = nan_cmp(a->acc, b->acc);
    if (c)
        return c;
    if (a->fits != b->fits)
        return a->fits < b->fits ? -1 : 1;
    if (a->ent != b->ent)
        return a->ent > b->ent ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank > b->rank ? -1 : 1;
    if (a->ni != b->ni)
        return a->ni > b->ni ? -1 : 1;
    return 0;
}

/* np.lexsort((names, rank, ents, -rough)): descending rough score (as the negation sorts,
 * NaN last), then ascending entity, rank, name */
static int final_cmp(const void *pa, const void *pb)
{
    const RankItem *a = pa, *b = pb;
    int c = nan_cmp(-a->rough, -b->rough);
    if (c)
        return c;
    if (a->ent != b->ent)
        return a->ent < b->ent ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->ni != b->ni)
        return a->ni < b->ni ? -1 : 1;
    return 0;
}

/* keep the `n` greatest of items[0..m) by pre_cmp in items[0..n) (a min-heap) */
static void heap_sift(RankItem *h, Py_ssize_t n, Py_ssize_t k)
{
    for (;;) {
        Py_ssize_t l = 2 * k + 1, r = l + 1, m = k;
        if (l < n && pre_cmp(&h[l], &h[m]) < 0)
            m = l;
        if (r < n && pre_cmp(&h[r], &h[m]) < 0)
            m = r;
        if (m == k)
            return;
        RankItem x = h[k];
        h[k] = h[m];
        h[m] = x;
        k = m;
    }
}

static void top_n(RankItem *items, Py_ssize_t m, Py_ssize_t n)
{
    for (Py_ssize_t k = n / 2; k-- > 0;)
        heap_sift(items, n, k);
    for (Py_ssize_t k = n; k < m; k++) {
        if (pre_cmp(&items[k], &items[0]) > 0) {
            items[0] = items[k];
            heap_sift(items, n, 0);
        }
    }
}

typedef struct {
    double v;
    Py_ssize_t wi;
    PyObject *raw;
} CommonItem;

static int common_desc(const void *pa, const void *pb)
{
    /* sorted(group, reverse=True) of (value, word) pairs */
    const CommonItem *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v > b->v ? -1 : 1;
    if (a->wi != b->wi)
        return a->wi > b->wi ? -1 : 1;
    return 0;
}

static inline int popcount64(uint64_t x)
{
    int c = 0;
    while (x) {
        x &= x - 1;
        c++;
    }
    return c;
}

/* the accumulation of `groups` (as core_accumulate) into s->acc, the names in `order` */
static int rank_accumulate(TablesObject *t, PyObject *groups, Scratch *s, IdVec *order)
{
    Py_ssize_t ng = PyList_GET_SIZE(groups);
    for (Py_ssize_t g = 0; g < ng; g++) {
        PyObject *grp = PyList_GET_ITEM(groups, g);
        if (!PyTuple_Check(grp) || PyTuple_GET_SIZE(grp) != 2
            || !PyList_Check(PyTuple_GET_ITEM(grp, 0))) {
            PyErr_SetString(PyExc_TypeError, "group: (items, kind)");
            return -1;
        }
        PyObject *items = PyTuple_GET_ITEM(grp, 0), *kind = PyTuple_GET_ITEM(grp, 1);
        Py_ssize_t nitems = PyList_GET_SIZE(items);
        for (Py_ssize_t k = 0; k < nitems; k++) {
            PyObject *item = PyList_GET_ITEM(items, k);
            if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2) {
                PyErr_SetString(PyExc_TypeError, "item: (word, weight)");
                return -1;
            }
            Py_ssize_t wi = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 0));
            double v = PyFloat_AsDouble(PyTuple_GET_ITEM(item, 1));
            if (PyErr_Occurred())
                return -1;
            if (wi < 0 || wi >= t->n_words) {
                PyErr_SetString(PyExc_IndexError, "word id out of range");
                return -1;
            }
            Py_ssize_t lo = t->post_at[wi], hi = t->post_at[wi + 1];
            if (kind == Py_True)
                hi = lo + t->split[wi];
            else if (kind == Py_False)
                lo = lo + t->split[wi];
            for (Py_ssize_t x = lo; x < hi; x++) {
                int32_t ni = t->post[x];
                if (nitems > 1) {
                    if (s->stamp[ni] == g + 1)
                        continue;  /* counted for this group by a better word */
                    s->stamp[ni] = (int)(g + 1);
                }
                if (!s->seen[ni]) {
                    s->seen[ni] = 1;
                    if (idvec_push(order, ni) < 0)
                        return -1;
                }
                s->acc[ni] = s->acc[ni] + v;
            }
            if (nitems == 1)
                break;
        }
    }
    return 0;
}

static int add_found(Scratch *s, IdVec *order, int32_t ni)
{
    if (s->seen[ni])
        return 0;
    s->seen[ni] = 1;
    return idvec_push(order, ni);
}

/* rank(groups, common, keep, wq_total, imask, initials) -> [name]: the candidates of
 * NameIndex._candidates from its groups of words and its sorted common words
 * ((count, word, wq, wc, raw)), `keep` of them, ranked as `_best` (wq_total, the initials as
 * letter bits and as a str of distinct letters) */
static double readings_wq_total(TablesObject *t, PyObject *readings);

/* (wq_total: when `lazy` is given, computed from these readings when needed) */
static PyObject *rank_impl(TablesObject *t, PyObject *groups, PyObject *common, Py_ssize_t keep,
                           double wq_total, PyObject *lazy, long long imask, PyObject *initials)
{
    if (keep < 0) {
        PyErr_SetString(PyExc_ValueError, "keep < 0");
        return NULL;
    }
    Scratch s;
    if (scratch_take(t, &s) < 0)
        return NULL;
    IdVec order = {NULL, 0, 0};
    CommonItem *cm = NULL;
    RankItem *items = NULL;
    char *credited = NULL, *hits = NULL, *left = NULL;
    PyObject *result = NULL;
    if (rank_accumulate(t, groups, &s, &order) < 0)
        goto done;
    Py_ssize_t nc = PyList_GET_SIZE(common);
    cm = PyMem_Malloc(sizeof(CommonItem) * (size_t)(nc + 1));
    if (cm == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nc; k++) {
        PyObject *e = PyList_GET_ITEM(common, k);
        if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 5
            || !PyUnicode_Check(PyTuple_GET_ITEM(e, 4))) {
            PyErr_SetString(PyExc_TypeError, "common: (count, word, wq, wc, raw)");
            goto done;
        }
        cm[k].wi = PyLong_AsSsize_t(PyTuple_GET_ITEM(e, 1));
        double wq = PyFloat_AsDouble(PyTuple_GET_ITEM(e, 2));
        double wc = PyFloat_AsDouble(PyTuple_GET_ITEM(e, 3));
        if (PyErr_Occurred())
            goto done;
        cm[k].v = wq + wc;
        cm[k].raw = PyTuple_GET_ITEM(e, 4);
        if (cm[k].wi < 0 || cm[k].wi >= t->n_words || t->common_at[cm[k].wi] < 0) {
            PyErr_SetString(PyExc_ValueError, "common: not a common word");
            goto done;
        }
    }
    if (nc > 1) {
        /* names holding two of the rarest common words (of different query words) */
        Py_ssize_t m = nc < t->max_common_pairs ? nc : t->max_common_pairs;
        for (Py_ssize_t x = 0; x < m; x++) {
            for (Py_ssize_t y = x + 1; y < m; y++) {
                if (ustr_eq(cm[x].raw, cm[y].raw))
                    continue;
                Py_ssize_t w1 = cm[x].wi, w2 = cm[y].wi;
                const int32_t *a = t->csorted + t->common_at[w1], *b = t->csorted + t->common_at[w2];
                Py_ssize_t na = t->post_at[w1 + 1] - t->post_at[w1];
                Py_ssize_t nb = t->post_at[w2 + 1] - t->post_at[w2];
                Py_ssize_t i = 0, j = 0;
                int32_t last = -1;
                while (i < na && j < nb) {
                    if (a[i] < b[j])
                        i++;
                    else if (a[i] > b[j])
                        j++;
                    else {
                        if (a[i] != last && add_found(&s, &order, a[i]) < 0)
                            goto done;
                        last = a[i];
                        i++;
                        j++;
                    }
                }
            }
        }
    }
    else if (nc == 1 && order.n == 0) {
        Py_ssize_t w = cm[0].wi;
        for (Py_ssize_t x = t->post_at[w]; x < t->post_at[w + 1]; x++)
            if (add_found(&s, &order, t->post[x]) < 0)
                goto done;
    }
    Py_ssize_t n = order.n;
    if (n <= keep) {
        result = PyList_New(n);
        if (result == NULL)
            goto done;
        for (Py_ssize_t k = 0; k < n; k++) {
            PyObject *o = PyLong_FromLong(order.v[k]);
            if (o == NULL) {
                Py_CLEAR(result);
                goto done;
            }
            PyList_SET_ITEM(result, k, o);
        }
        goto done;
    }
    items = PyMem_Malloc(sizeof(RankItem) * (size_t)n);
    credited = PyMem_Calloc((size_t)n, 1);
    hits = PyMem_Calloc((size_t)n, 1);
    if (!items || !credited || !hits) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        int32_t ni = order.v[k];
        items[k].ni = ni;
        items[k].acc = s.acc[ni];
    }
    /* the common words count in ranking: each query word once per name (best spelling).
     * Groups by the query word as written, in the order first met; each best first. */
    char *done_cm = PyMem_Calloc((size_t)nc + 1, 1);
    CommonItem *grp = PyMem_Malloc(sizeof(CommonItem) * (size_t)(nc + 1));
    if (!done_cm || !grp) {
        PyMem_Free(done_cm);
        PyMem_Free(grp);
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nc; k++) {
        if (done_cm[k])
            continue;
        Py_ssize_t gn = 0;
        for (Py_ssize_t x = k; x < nc; x++) {
            if (!done_cm[x] && ustr_eq(cm[x].raw, cm[k].raw)) {
                done_cm[x] = 1;
                grp[gn++] = cm[x];
            }
        }
        qsort(grp, (size_t)gn, sizeof(CommonItem), common_desc);
        int have_credited = 0;
        for (Py_ssize_t g = 0; g < gn; g++) {
            const int32_t *held = t->csorted + t->common_at[grp[g].wi];
            Py_ssize_t nh = t->post_at[grp[g].wi + 1] - t->post_at[grp[g].wi];
            double v = grp[g].v;
            for (Py_ssize_t q = 0; q < n; q++) {
                char h = (char)sorted_holds(held, nh, items[q].ni);
                if (have_credited) {
                    h = h && !credited[q];
                    credited[q] = credited[q] || h;
                }
                else if (gn > 1)
                    credited[q] = h;
                if (h)
                    items[q].acc += v;
            }
            if (gn > 1)
                have_credited = 1;
        }
    }
    PyMem_Free(done_cm);
    PyMem_Free(grp);
    /* _best */
    if (lazy != NULL) {
        wq_total = readings_wq_total(t, lazy);
        if (wq_total == -1.0 && PyErr_Occurred())
            goto done;
    }
    Py_ssize_t cut = t->pre_cut * keep;
    for (Py_ssize_t k = 0; k < n; k++) {
        int32_t ni = items[k].ni;
        items[k].ent = t->ent[ni];
        items[k].rank = t->rank[ni];
        items[k].fits = popcount64((uint64_t)(t->first[ni] & (int64_t)imask));
    }
    Py_ssize_t m = n;
    if (n > cut) {
        top_n(items, n, cut);
        m = cut;
    }
    Py_ssize_t nl = PyUnicode_GET_LENGTH(initials);
    left = PyMem_Malloc((size_t)nl + 1);
    if (left == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < m; k++) {
        int32_t ni = items[k].ni;
        double acc = items[k].acc;
        if (imask && (t->first[ni] & (int64_t)imask)) {
            memset(left, 1, (size_t)nl);  /* the initials not yet fitted to a part */
            for (Py_ssize_t j = t->parts_at[ni]; j < t->parts_at[ni + 1]; j++) {
                int32_t pid = t->parts[j];
                Py_UCS4 letters[2] = {t->ptok0[pid], t->praw0[pid]};
                for (int z = 0; z < 2; z++) {
                    Py_ssize_t hit = -1;
                    for (Py_ssize_t x = 0; x < nl; x++) {
                        if (left[x] && uch(initials, x) == letters[z]) {
                            hit = x;
                            break;
                        }
                    }
                    if (hit >= 0) {
                        left[hit] = 0;
                        acc += 2.0 * INITIAL_SIM * t->pw[j];
                        break;
                    }
                }
            }
        }
        double y = acc / (wq_total + t->wfull[ni]);
        y = y * t->rough_scale;
        y = rint(y);
        items[k].rough = y / t->rough_scale;
    }
    qsort(items, (size_t)m, sizeof(RankItem), final_cmp);
    Py_ssize_t out_n = m < keep ? m : keep;
    result = PyList_New(out_n);
    if (result == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < out_n; k++) {
        PyObject *o = PyLong_FromLong(items[k].ni);
        if (o == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k, o);
    }
done:
    for (Py_ssize_t k = 0; k < order.n; k++) {
        int32_t ni = order.v[k];
        s.acc[ni] = 0.0;
        s.stamp[ni] = 0;
        s.seen[ni] = 0;
    }
    /* (stamps are also set for names not kept in order: none, a stamped name is seen) */
    scratch_give(t, &s);
    PyMem_Free(order.v);
    PyMem_Free(cm);
    PyMem_Free(items);
    PyMem_Free(credited);
    PyMem_Free(hits);
    PyMem_Free(left);
    return result;
}

static PyObject *Tables_rank(TablesObject *t, PyObject *args)
{
    PyObject *groups, *common, *initials;
    Py_ssize_t keep;
    double wq_total;
    long long imask;
    if (!PyArg_ParseTuple(args, "O!O!ndLU", &PyList_Type, &groups, &PyList_Type, &common, &keep,
                          &wq_total, &imask, &initials))
        return NULL;
    return rank_impl(t, groups, common, keep, wq_total, NULL, imask, initials);
}

/* ---- candidates: NameIndex._candidates, with _word_lookup and its cache -------------------- */

/* vocabulary(words, vocab, deletes, weights, generic, longest, unknown_weight, keep_plain,
 *            keep_initials, keep_long, long_query, max_finding, fuzzy_max_df,
 *            neighbour_share, initial_weight, generic_weight): what `candidates` needs */
static PyObject *Tables_vocabulary(TablesObject *t, PyObject *args)
{
    PyObject *words, *vocab, *deletes, *weights, *generic;
    if (t->post_at == NULL || t->vocab != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Tables: not built, or vocabulary already set");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "O!O!O!O!Ondnnnnnnddd", &PyList_Type, &words, &PyDict_Type,
                          &vocab, &PyDict_Type, &deletes, &PyDict_Type, &weights, &generic,
                          &t->longest, &t->unknown_weight, &t->keep_plain, &t->keep_initials,
                          &t->keep_long, &t->long_query, &t->max_finding, &t->fuzzy_max_df,
                          &t->neighbour_share, &t->initial_weight, &t->generic_weight))
        return NULL;
    if (!PyAnySet_Check(generic)) {
        PyErr_SetString(PyExc_TypeError, "generic: expected a set");
        return NULL;
    }
    if (PyList_GET_SIZE(words) != t->n_words || PyDict_GET_SIZE(vocab) != t->n_words) {
        PyErr_SetString(PyExc_ValueError, "words: one per posting list");
        return NULL;
    }
    double *ww = PyMem_Malloc(sizeof(double) * (size_t)(t->n_words + 1));
    Py_ssize_t *wl = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(t->n_words + 1));
    if (!ww || !wl) {
        PyMem_Free(ww);
        PyMem_Free(wl);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t wi = 0; wi < t->n_words; wi++) {
        PyObject *w = PyList_GET_ITEM(words, wi);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "words: expected str");
            goto fail;
        }
        wl[wi] = PyUnicode_GET_LENGTH(w);
        PyObject *v = PyDict_GetItemWithError(weights, w);
        if (v == NULL && PyErr_Occurred())
            goto fail;
        ww[wi] = v == NULL ? NAN : PyFloat_AsDouble(v);
        if (ww[wi] == -1.0 && PyErr_Occurred())
            goto fail;
    }
    /* every word id the vocabulary gives is checked against the tables when looked up */
    t->wweight = ww;
    t->wlen = wl;
    Py_INCREF(vocab);
    t->vocab = vocab;
    Py_INCREF(deletes);
    t->deletes = deletes;
    Py_INCREF(weights);
    t->weights = weights;
    Py_INCREF(generic);
    t->generic = generic;
    Py_RETURN_NONE;
fail:
    PyMem_Free(ww);
    PyMem_Free(wl);
    return NULL;
}

/* NameIndex.weight */
static int t_weight(TablesObject *t, PyObject *fold, double *w)
{
    PyObject *v = PyDict_GetItemWithError(t->weights, fold);
    if (v != NULL) {
        *w = PyFloat_AsDouble(v);
        return (*w == -1.0 && PyErr_Occurred()) ? -1 : 0;
    }
    if (PyErr_Occurred())
        return -1;
    if (PyUnicode_GET_LENGTH(fold) == 1) {
        *w = t->initial_weight * t->unknown_weight * 0.5;
        return 0;
    }
    int c = PySet_Contains(t->generic, fold);
    if (c < 0)
        return -1;
    *w = c ? t->generic_weight * t->unknown_weight : t->unknown_weight;
    return 0;
}

static int word_id(TablesObject *t, PyObject *o, Py_ssize_t *wi)
{
    *wi = PyLong_AsSsize_t(o);
    if (*wi == -1 && PyErr_Occurred())
        return -1;
    if (*wi < 0 || *wi >= t->n_words) {
        PyErr_SetString(PyExc_IndexError, "word id out of range");
        return -1;
    }
    return 0;
}

static PyObject *readings_attr(PyObject *norm, const char *name, PyObject **interned)
{
    if (*interned == NULL && (*interned = PyUnicode_InternFromString(name)) == NULL)
        return NULL;
    return PyObject_GetAttr(norm, *interned);
}

/* min over the readings of the sum (Python's builtin sum) of their parts' weights */
static double readings_wq_total(TablesObject *t, PyObject *readings)
{
    static PyObject *s_folds = NULL, *sum_fn = NULL;
    if (sum_fn == NULL) {
        PyObject *b = PyEval_GetBuiltins();  /* borrowed */
        sum_fn = b ? PyDict_GetItemString(b, "sum") : NULL;
        if (sum_fn == NULL) {
            PyErr_SetString(PyExc_RuntimeError, "no builtin sum");
            return -1.0;
        }
        Py_INCREF(sum_fn);
    }
    double best = 0.0;
    for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(readings); r++) {
        PyObject *folds = readings_attr(PyTuple_GET_ITEM(PyTuple_GET_ITEM(readings, r), 0),
                                        "folds", &s_folds);
        if (folds == NULL)
            return -1.0;
        Py_ssize_t n = PyTuple_Check(folds) ? PyTuple_GET_SIZE(folds) : -1;
        PyObject *ws = n >= 0 ? PyTuple_New(n) : NULL;
        if (ws == NULL) {
            Py_DECREF(folds);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "folds: expected a tuple");
            return -1.0;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            double w;
            PyObject *o = NULL;
            if (t_weight(t, PyTuple_GET_ITEM(folds, i), &w) < 0
                || (o = PyFloat_FromDouble(w)) == NULL) {
                Py_DECREF(ws);
                Py_DECREF(folds);
                return -1.0;
            }
            PyTuple_SET_ITEM(ws, i, o);
        }
        Py_DECREF(folds);
        PyObject *sum = PyObject_CallOneArg(sum_fn, ws);
        Py_DECREF(ws);
        if (sum == NULL)
            return -1.0;
        double v = PyFloat_AsDouble(sum);
        Py_DECREF(sum);
        if (v == -1.0 && PyErr_Occurred())
            return -1.0;
        if (r == 0 || v < best)
            best = v;
    }
    return best;
}

typedef struct {
    Py_ssize_t wi;
    double wq, wc;
    Py_ssize_t pos;
} WordW;

typedef struct {
    WordW *v;
    Py_ssize_t n, cap;
} WordVec;

/* words[wi] = (wq, wc), keeping the place of a word already there */
static int wordvec_set(WordVec *a, Py_ssize_t wi, double wq, double wc, int only_new)
{
    for (Py_ssize_t k = 0; k < a->n; k++) {
        if (a->v[k].wi == wi) {
            if (!only_new) {
                a->v[k].wq = wq;
                a->v[k].wc = wc;
            }
            return 0;
        }
    }
    if (a->n == a->cap) {
        Py_ssize_t cap = a->cap ? 2 * a->cap : 16;
        WordW *v = PyMem_Realloc(a->v, sizeof(WordW) * (size_t)cap);
        if (v == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n].wi = wi;
    a->v[a->n].wq = wq;
    a->v[a->n].wc = wc;
    a->v[a->n].pos = a->n;
    a->n++;
    return 0;
}

static int by_query_weight(const void *pa, const void *pb)
{
    /* index._ranked: by query weight, best first, ties in the order found */
    const WordW *a = pa, *b = pb;
    if (a->wq != b->wq)
        return a->wq > b->wq ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/* [(word, wq + wc)] of `words`, by query weight (index._ranked) */
static PyObject *ranked_words(WordVec *a)
{
    qsort(a->v, (size_t)a->n, sizeof(WordW), by_query_weight);
    PyObject *out = PyList_New(a->n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < a->n; k++) {
        PyObject *it = Py_BuildValue("(nd)", a->v[k].wi, a->v[k].wq + a->v[k].wc);
        if (it == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, it);
    }
    return out;
}

static inline Py_ssize_t post_count(TablesObject *t, Py_ssize_t wi)
{
    return t->post_at[wi + 1] - t->post_at[wi];
}

static inline double word_weight(TablesObject *t, Py_ssize_t wi, double dflt)
{
    double v = t->wweight[wi];
    return isnan(v) ? dflt : v;
}

/* NameIndex._word_lookup without its cache: (ranked words, common entries) */
static PyObject *word_lookup(TablesObject *t, PyObject *f, PyObject *tok, PyObject *raw,
                             int finds, PyObject *shared)
{
    double w;
    if (t_weight(t, f, &w) < 0)
        return NULL;
    WordVec words = {NULL, 0, 0};
    Py_ssize_t *cnb = NULL, ncnb = 0, capc = 0;
    PyObject *commons = PyList_New(0), *nbs = NULL, *it = NULL, *result = NULL;
    if (commons == NULL)
        return NULL;
    int found_common = 0;
    PyObject *sps[3] = {f, tok, raw};
    for (int k = 0; k < 3; k++) {
        PyObject *sp = sps[k];
        int dup = 0;
        for (int z = 0; z < k; z++)
            dup |= ustr_eq(sps[z], sp);
        if (dup)
            continue;
        PyObject *ex = PyDict_GetItemWithError(t->vocab, sp);
        if (ex == NULL && PyErr_Occurred())
            goto done;
        if (ex != NULL) {
            Py_ssize_t wi;
            if (word_id(t, ex, &wi) < 0)
                goto done;
            double wc = word_weight(t, wi, w);
            if (t->common_at[wi] >= 0) {
                /* too many names hold this word: it ranks names, it does not find them */
                found_common = 1;
                PyObject *e = Py_BuildValue("(nnddO)", post_count(t, wi), wi, w, wc, raw);
                if (e == NULL || PyList_Append(commons, e) < 0) {
                    Py_XDECREF(e);
                    goto done;
                }
                Py_DECREF(e);
                continue;
            }
            if (!finds)
                continue;
            if (wordvec_set(&words, wi, w, wc, 0) < 0)
                goto done;
            if (post_count(t, wi) > t->fuzzy_max_df)
                continue;
        }
        Py_ssize_t lsp = PyUnicode_GET_LENGTH(sp);
        if (lsp < 4 || (!ustr_eq(sp, f) && !ustr_eq(sp, tok)) || !finds)
            continue;
        double wn = w * t->neighbour_share;
        if (shared == Py_None) {
            nbs = neighbours_set(sp, t->vocab, t->deletes, t->longest);
        }
        else {
            nbs = PyDict_GetItemWithError(shared, sp);
            if (nbs != NULL)
                Py_INCREF(nbs);
            else if (!PyErr_Occurred()) {
                nbs = neighbours_set(sp, t->vocab, t->deletes, t->longest);
                if (nbs != NULL && PyDict_SetItem(shared, sp, nbs) < 0)
                    Py_CLEAR(nbs);
            }
        }
        if (nbs == NULL)
            goto done;
        it = PyObject_GetIter(nbs);
        if (it == NULL)
            goto done;
        PyObject *o;
        while ((o = PyIter_Next(it)) != NULL) {
            Py_ssize_t wi;
            int bad = word_id(t, o, &wi);
            Py_DECREF(o);
            if (bad < 0)
                goto done;
            if (lsp <= SHORT_WORD && t->wlen[wi] <= SHORT_WORD)
                continue;  /* short words differing by an edit are different names */
            if (t->common_at[wi] >= 0) {
                if (ncnb == capc) {
                    capc = capc ? 2 * capc : 8;
                    Py_ssize_t *c = PyMem_Realloc(cnb, sizeof(Py_ssize_t) * (size_t)capc);
                    if (c == NULL) {
                        PyErr_NoMemory();
                        goto done;
                    }
                    cnb = c;
                }
                cnb[ncnb++] = wi;
            }
            else if (wordvec_set(&words, wi, wn, word_weight(t, wi, w) * t->neighbour_share,
                                 1) < 0)
                goto done;
        }
        if (PyErr_Occurred())
            goto done;
        Py_CLEAR(it);
        Py_CLEAR(nbs);
    }
    if (ncnb && !words.n && !found_common) {
        /* a misspelt common word (Tradibg): it ranks names as the word it stands for */
        Py_ssize_t wi = cnb[0];
        for (Py_ssize_t k = 1; k < ncnb; k++)
            if (post_count(t, cnb[k]) < post_count(t, wi))
                wi = cnb[k];
        PyObject *e = Py_BuildValue("(nnddO)", post_count(t, wi), wi, w * t->neighbour_share,
                                    word_weight(t, wi, w) * t->neighbour_share, raw);
        if (e == NULL || PyList_Append(commons, e) < 0) {
            Py_XDECREF(e);
            goto done;
        }
        Py_DECREF(e);
    }
    PyObject *ranked = ranked_words(&words), *ctuple = ranked ? PyList_AsTuple(commons) : NULL;
    if (ctuple == NULL) {
        Py_XDECREF(ranked);
        goto done;
    }
    result = PyTuple_Pack(2, ranked, ctuple);
    Py_DECREF(ranked);
    Py_DECREF(ctuple);
done:
    Py_XDECREF(it);
    Py_XDECREF(nbs);
    Py_DECREF(commons);
    PyMem_Free(words.v);
    PyMem_Free(cnb);
    return result;
}

typedef struct {
    PyObject *f, *tok, *raw;  /* borrowed: the readings hold them */
    int kinds;                /* 1: read as a person's, 2: as another's, 4: both */
    int finds;
    double w;
} PartKey;

static PartKey *sort_parts;  /* (the parts qsort compares; the GIL is held, no Python runs) */

static int finding_order(const void *pa, const void *pb)
{
    /* sorted(parts, key=lambda p: (-weight(p[0]), p)) */
    const PartKey *a = &sort_parts[*(const Py_ssize_t *)pa], *b = &sort_parts[*(const Py_ssize_t *)pb];
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    int c = PyUnicode_Compare(a->f, b->f);
    if (c == 0)
        c = PyUnicode_Compare(a->tok, b->tok);
    if (c == 0)
        c = PyUnicode_Compare(a->raw, b->raw);
    return c;
}

static PyObject *kind_object(int kinds)
{
    /* index._kind_key */
    if (kinds == 1)
        return Py_True;
    if (kinds == 2)
        return Py_False;
    return Py_None;
}

static int kind_bit(PyObject *kind)
{
    return kind == Py_True ? 1 : kind == Py_False ? 2 : 4;
}

/* candidates(readings, cache, cache_limit, cache_use, shared) -> [name]:
 * NameIndex._candidates (the query parts' look-ups through `cache`, the per-index dict of
 * `_word_lookup`, bounded by cache_limit; cache_use: the list counting look-ups answered from
 * it and made; shared: the dict of one-edit neighbours of a search_many call, or None) */
static PyObject *Tables_candidates(TablesObject *t, PyObject *args)
{
    static PyObject *s_tokens = NULL, *s_folds = NULL, *s_raws = NULL, *s_joined = NULL;
    PyObject *readings, *cache, *use, *shared;
    Py_ssize_t cache_limit;
    if (!PyArg_ParseTuple(args, "O!O!nO!O", &PyTuple_Type, &readings, &PyDict_Type, &cache,
                          &cache_limit, &PyList_Type, &use, &shared))
        return NULL;
    if (t->vocab == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Tables: no vocabulary");
        return NULL;
    }
    if (shared != Py_None && !PyDict_Check(shared)) {
        PyErr_SetString(PyExc_TypeError, "shared: a dict or None");
        return NULL;
    }
    if (PyList_GET_SIZE(use) != 2) {
        PyErr_SetString(PyExc_ValueError, "cache_use: [answered, made]");
        return NULL;
    }
    Py_ssize_t nr = PyTuple_GET_SIZE(readings);
    if (nr < 1 || nr > 2) {
        PyErr_SetString(PyExc_ValueError, "readings: one or two");
        return NULL;
    }
    PyObject *toks[2] = {NULL, NULL}, *folds[2] = {NULL, NULL}, *raws[2] = {NULL, NULL},
             *joined[2] = {NULL, NULL}, *kinds[2] = {NULL, NULL};
    PyObject *pidx = NULL, *groups = NULL, *common = NULL, *result = NULL, *initials = NULL;
    PartKey *parts = NULL;
    Py_ssize_t nparts = 0, *order = NULL;
    PyObject **cbw = NULL;  /* common_by_word values (new references) */
    Py_ssize_t ncbw = 0;
    Py_ssize_t hits = 0, made = 0;
    WordVec jw = {NULL, 0, 0};
    Py_UCS4 *letters = NULL;
    Py_ssize_t total = 0, min_len = PY_SSIZE_T_MAX;
    for (Py_ssize_t r = 0; r < nr; r++) {
        PyObject *rd = PyTuple_GET_ITEM(readings, r);
        if (!PyTuple_Check(rd) || PyTuple_GET_SIZE(rd) != 2) {
            PyErr_SetString(PyExc_TypeError, "reading: (norm, kind)");
            goto done;
        }
        PyObject *norm = PyTuple_GET_ITEM(rd, 0);
        kinds[r] = PyTuple_GET_ITEM(rd, 1);
        toks[r] = readings_attr(norm, "tokens", &s_tokens);
        folds[r] = toks[r] ? readings_attr(norm, "folds", &s_folds) : NULL;
        raws[r] = folds[r] ? readings_attr(norm, "raws", &s_raws) : NULL;
        joined[r] = raws[r] ? readings_attr(norm, "joined", &s_joined) : NULL;
        if (joined[r] == NULL)
            goto done;
        if (!PyTuple_Check(raws[r]) || PyTuple_GET_SIZE(raws[r]) == 0) {  /* q.raws or q.tokens */
            Py_INCREF(toks[r]);
            Py_SETREF(raws[r], toks[r]);
        }
        Py_ssize_t n = PyTuple_Check(toks[r]) ? PyTuple_GET_SIZE(toks[r]) : -1;
        if (n < 0 || !PyTuple_Check(folds[r]) || PyTuple_GET_SIZE(folds[r]) != n
            || !PyTuple_Check(raws[r]) || PyTuple_GET_SIZE(raws[r]) != n
            || !PyUnicode_Check(joined[r])) {
            PyErr_SetString(PyExc_TypeError, "a normalised name's parts do not fit");
            goto done;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            if (!PyUnicode_Check(PyTuple_GET_ITEM(toks[r], i))
                || !PyUnicode_Check(PyTuple_GET_ITEM(folds[r], i))
                || !PyUnicode_Check(PyTuple_GET_ITEM(raws[r], i))) {
                PyErr_SetString(PyExc_TypeError, "name parts: expected str");
                goto done;
            }
        }
        total += n;
        if (n < min_len)
            min_len = n;
    }
    /* each part, with the kinds of names it is looked up for */
    parts = PyMem_Malloc(sizeof(PartKey) * (size_t)(total + 1));
    order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(total + 1));
    pidx = PyDict_New();
    groups = PyList_New(0);
    if (!parts || !order || !pidx || !groups) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t r = 0; r < nr; r++) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(toks[r]); i++) {
            PyObject *f = PyTuple_GET_ITEM(folds[r], i), *tk = PyTuple_GET_ITEM(toks[r], i),
                     *rw = PyTuple_GET_ITEM(raws[r], i);
            PyObject *key = PyTuple_Pack(3, f, tk, rw);
            if (key == NULL)
                goto done;
            PyObject *at = PyDict_GetItemWithError(pidx, key);
            if (at == NULL) {
                PyObject *pos = PyErr_Occurred() ? NULL : PyLong_FromSsize_t(nparts);
                if (pos == NULL || PyDict_SetItem(pidx, key, pos) < 0) {
                    Py_XDECREF(pos);
                    Py_DECREF(key);
                    goto done;
                }
                Py_DECREF(pos);
                parts[nparts].f = f;
                parts[nparts].tok = tk;
                parts[nparts].raw = rw;
                parts[nparts].kinds = kind_bit(kinds[r]);
                parts[nparts].finds = 1;
                nparts++;
            }
            else
                parts[PyLong_AsSsize_t(at)].kinds |= kind_bit(kinds[r]);
            Py_DECREF(key);
        }
    }
    if (nparts > t->max_finding) {
        /* a long name finds its candidates by its rarest words */
        for (Py_ssize_t k = 0; k < nparts; k++) {
            if (t_weight(t, parts[k].f, &parts[k].w) < 0)
                goto done;
            parts[k].finds = 0;
            order[k] = k;
        }
        sort_parts = parts;
        qsort(order, (size_t)nparts, sizeof(Py_ssize_t), finding_order);
        sort_parts = NULL;
        for (Py_ssize_t k = 0; k < t->max_finding; k++)
            parts[order[k]].finds = 1;
    }
    cbw = PyMem_Malloc(sizeof(PyObject *) * 8);
    Py_ssize_t capcbw = 8;
    if (cbw == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nparts; k++) {
        PartKey *p = &parts[k];
        if (PyUnicode_GET_LENGTH(p->f) < 2)
            continue;
        PyObject *key = Py_BuildValue("(OOOO)", p->f, p->tok, p->raw,
                                      p->finds ? Py_True : Py_False);
        if (key == NULL)
            goto done;
        PyObject *got = PyDict_GetItemWithError(cache, key);
        if (got != NULL) {
            Py_INCREF(got);
            hits++;
        }
        else if (PyErr_Occurred()) {
            Py_DECREF(key);
            goto done;
        }
        else {
            made++;
            got = word_lookup(t, p->f, p->tok, p->raw, p->finds, shared);
            if (got == NULL) {
                Py_DECREF(key);
                goto done;
            }
            if (PyDict_GET_SIZE(cache) >= cache_limit)
                PyDict_Clear(cache);
            if (cache_limit && PyDict_SetItem(cache, key, got) < 0) {
                Py_DECREF(key);
                Py_DECREF(got);
                goto done;
            }
        }
        Py_DECREF(key);
        if (!PyTuple_Check(got) || PyTuple_GET_SIZE(got) != 2
            || !PyList_Check(PyTuple_GET_ITEM(got, 0)) || !PyTuple_Check(PyTuple_GET_ITEM(got, 1))) {
            Py_DECREF(got);
            PyErr_SetString(PyExc_TypeError, "a word look-up: (words, commons)");
            goto done;
        }
        PyObject *words = PyTuple_GET_ITEM(got, 0), *commons = PyTuple_GET_ITEM(got, 1);
        for (Py_ssize_t c = 0; c < PyTuple_GET_SIZE(commons); c++) {
            PyObject *e = PyTuple_GET_ITEM(commons, c);
            if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 5) {
                Py_DECREF(got);
                PyErr_SetString(PyExc_TypeError, "a common entry: 5 items");
                goto done;
            }
            Py_ssize_t x = 0;
            for (; x < ncbw; x++) {
                int eq = PyObject_RichCompareBool(PyTuple_GET_ITEM(cbw[x], 1),
                                                  PyTuple_GET_ITEM(e, 1), Py_EQ);
                if (eq < 0) {
                    Py_DECREF(got);
                    goto done;
                }
                if (eq)
                    break;
            }
            if (x == ncbw) {
                if (ncbw == capcbw) {
                    capcbw *= 2;
                    PyObject **nb = PyMem_Realloc(cbw, sizeof(PyObject *) * (size_t)capcbw);
                    if (nb == NULL) {
                        Py_DECREF(got);
                        PyErr_NoMemory();
                        goto done;
                    }
                    cbw = nb;
                }
                Py_INCREF(e);
                cbw[ncbw++] = e;
                continue;
            }
            int gt = PyObject_RichCompareBool(PyTuple_GET_ITEM(e, 2),
                                              PyTuple_GET_ITEM(cbw[x], 2), Py_GT);
            if (gt < 0) {
                Py_DECREF(got);
                goto done;
            }
            if (gt) {
                Py_INCREF(e);
                Py_SETREF(cbw[x], e);
            }
        }
        if (PyList_GET_SIZE(words)) {
            PyObject *g = PyTuple_Pack(2, words, kind_object(p->kinds));
            if (g == NULL || PyList_Append(groups, g) < 0) {
                Py_XDECREF(g);
                Py_DECREF(got);
                goto done;
            }
            Py_DECREF(g);
        }
        Py_DECREF(got);
    }
    /* two adjacent words written as one in the list, and the whole name as one word */
    for (Py_ssize_t r = 0; r < nr; r++) {
        jw.n = 0;
        Py_ssize_t n = PyTuple_GET_SIZE(toks[r]);
        for (Py_ssize_t i = (n > 1 ? -1 : 0); i < n - 1; i++) {
            PyObject *word = i < 0 ? joined[r] : NULL;
            if (word == NULL) {
                word = PyUnicode_Concat(PyTuple_GET_ITEM(toks[r], i),
                                        PyTuple_GET_ITEM(toks[r], i + 1));
                if (word == NULL)
                    goto done;
            }
            else
                Py_INCREF(word);
            PyObject *wio = PyDict_GetItemWithError(t->vocab, word);
            Py_DECREF(word);
            if (wio == NULL) {
                if (PyErr_Occurred())
                    goto done;
                continue;
            }
            Py_ssize_t wi;
            if (word_id(t, wio, &wi) < 0)
                goto done;
            if (t->common_at[wi] >= 0)
                continue;
            double w = word_weight(t, wi, t->unknown_weight);  /* none: a whole name's key */
            if (wordvec_set(&jw, wi, w, w, 0) < 0)
                goto done;
        }
        if (jw.n) {
            PyObject *ranked = ranked_words(&jw);
            PyObject *g = ranked ? PyTuple_Pack(2, ranked, kinds[r]) : NULL;
            Py_XDECREF(ranked);
            if (g == NULL || PyList_Append(groups, g) < 0) {
                Py_XDECREF(g);
                goto done;
            }
            Py_DECREF(g);
        }
    }
    common = PyList_New(ncbw);
    if (common == NULL)
        goto done;
    for (Py_ssize_t x = 0; x < ncbw; x++) {
        Py_INCREF(cbw[x]);
        PyList_SET_ITEM(common, x, cbw[x]);
    }
    if (PyList_Sort(common) < 0)
        goto done;
    /* the initials of the query, as letters and as letter bits */
    letters = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(total + 1));
    if (letters == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t nl = 0;
    long long imask = 0;
    for (Py_ssize_t r = 0; r < nr; r++) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(toks[r]); i++) {
            PyObject *tk = PyTuple_GET_ITEM(toks[r], i);
            if (PyUnicode_GET_LENGTH(tk) != 1)
                continue;
            Py_UCS4 c = uch(tk, 0);
            int have = 0;
            for (Py_ssize_t x = 0; x < nl; x++)
                have |= letters[x] == c;
            if (have)
                continue;
            letters[nl++] = c;
            if (c >= 'a' && c <= 'z')
                imask |= 1LL << (c - 'a');
        }
    }
    initials = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, letters, nl);
    if (initials == NULL)
        goto done;
    int is_long = min_len >= t->long_query;
    Py_ssize_t keep = nl ? (is_long ? t->keep_plain : t->keep_initials)
                         : (is_long ? t->keep_long : t->keep_plain);
    result = rank_impl(t, groups, common, keep, 0.0, readings, imask, initials);
done:
    if (hits || made) {
        for (int x = 0; x < 2; x++) {
            Py_ssize_t add = x ? made : hits;
            PyObject *old = PyList_GET_ITEM(use, x), *n = NULL;
            PyObject *inc = PyLong_FromSsize_t(add);
            if (inc != NULL)
                n = PyNumber_Add(old, inc);
            Py_XDECREF(inc);
            if (n == NULL || PyList_SetItem(use, x, n) < 0) {
                Py_CLEAR(result);
                break;
            }
        }
    }
    for (Py_ssize_t r = 0; r < 2; r++) {
        Py_XDECREF(toks[r]);
        Py_XDECREF(folds[r]);
        Py_XDECREF(raws[r]);
        Py_XDECREF(joined[r]);
    }
    for (Py_ssize_t x = 0; x < ncbw; x++)
        Py_DECREF(cbw[x]);
    PyMem_Free(cbw);
    PyMem_Free(parts);
    PyMem_Free(order);
    PyMem_Free(jw.v);
    PyMem_Free(letters);
    Py_XDECREF(pidx);
    Py_XDECREF(groups);
    Py_XDECREF(common);
    Py_XDECREF(initials);
    return result;
}

/* ---- best: the scoring loop of NameIndex._search ------------------------------------------ */

/* the row of list part pid for query q: its (similarity, query part) items, computed on first
 * use and kept in the query; -1 with an exception on error */
static int query_row_c(QueryObject *q, TablesObject *t, int32_t pid, Py_ssize_t *start,
                       Py_ssize_t *count)
{
    if (q->rc_cap == 0 || 2 * (q->rc_used + 1) > q->rc_cap) {
        Py_ssize_t cap = q->rc_cap ? 2 * q->rc_cap : 64;
        int32_t *key = PyMem_Malloc(sizeof(int32_t) * (size_t)cap);
        Py_ssize_t *st = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)cap);
        Py_ssize_t *cn = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)cap);
        if (!key || !st || !cn) {
            PyMem_Free(key);
            PyMem_Free(st);
            PyMem_Free(cn);
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t k = 0; k < cap; k++)
            key[k] = -1;
        for (Py_ssize_t k = 0; k < q->rc_cap; k++) {
            if (q->rc_key[k] < 0)
                continue;
            size_t h = ((uint32_t)q->rc_key[k] * 2654435761u) & (size_t)(cap - 1);
            while (key[h] >= 0)
                h = (h + 1) & (size_t)(cap - 1);
            key[h] = q->rc_key[k];
            st[h] = q->rc_start[k];
            cn[h] = q->rc_count[k];
        }
        PyMem_Free(q->rc_key);
        PyMem_Free(q->rc_start);
        PyMem_Free(q->rc_count);
        q->rc_key = key;
        q->rc_start = st;
        q->rc_count = cn;
        q->rc_cap = cap;
    }
    size_t mask = (size_t)(q->rc_cap - 1);
    size_t h = ((uint32_t)pid * 2654435761u) & mask;
    while (q->rc_key[h] >= 0) {
        if (q->rc_key[h] == pid) {
            *start = q->rc_start[h];
            *count = q->rc_count[h];
            return 0;
        }
        h = (h + 1) & mask;
    }
    PyObject *ct = PyList_GET_ITEM(t->part_tok, pid), *cf = PyList_GET_ITEM(t->part_fold, pid),
             *cr = PyList_GET_ITEM(t->part_raw, pid);
    Py_ssize_t s0 = q->ri_len;
    for (Py_ssize_t i = 0; i < q->n; i++) {
        if (q->filtered && !may_match(q, i, ct, cf, cr))
            continue;
        double s = pair_sim(q, i, ct, cf, cr);
        if (s == -1.0 && PyErr_Occurred()) {
            q->ri_len = s0;
            return -1;
        }
        if (s == 0.0)
            continue;
        if (q->ri_len == q->ri_cap) {
            Py_ssize_t cap = q->ri_cap ? 2 * q->ri_cap : 64;
            struct RowItem *ri = PyMem_Realloc(q->ri, sizeof(struct RowItem) * (size_t)cap);
            if (ri == NULL) {
                q->ri_len = s0;
                PyErr_NoMemory();
                return -1;
            }
            q->ri = ri;
            q->ri_cap = cap;
        }
        q->ri[q->ri_len].s = s;
        q->ri[q->ri_len].i = i;
        q->ri_len++;
    }
    /* (pair_sim may have called Python: the table was not touched meanwhile, it is this
     * query's own, but look the slot up again all the same) */
    h = ((uint32_t)pid * 2654435761u) & mask;
    while (q->rc_key[h] >= 0 && q->rc_key[h] != pid)
        h = (h + 1) & mask;
    if (q->rc_key[h] < 0) {
        q->rc_key[h] = pid;
        q->rc_used++;
    }
    q->rc_start[h] = s0;
    q->rc_count[h] = q->ri_len - s0;
    *start = s0;
    *count = q->ri_len - s0;
    return 0;
}

/* one aligned candidate */
typedef struct {
    int32_t ni;
    int person;
    double score;     /* final (after the caller's cap) */
    double score_r;   /* at the precision reported */
    int joined;
    Py_ssize_t pairs_at, npairs;  /* its pairs in the pair buffer */
    PyObject *pairs;  /* as a tuple of (i, j, s), made when needed */
} Aligned;

typedef struct {
    Cand *v;
    Py_ssize_t n, cap;
} CandVec;

static int candvec_reserve(CandVec *a, Py_ssize_t extra)
{
    if (a->n + extra <= a->cap)
        return 0;
    Py_ssize_t cap = a->cap ? a->cap : 64;
    while (cap < a->n + extra)
        cap *= 2;
    Cand *v = PyMem_Realloc(a->v, sizeof(Cand) * (size_t)cap);
    if (v == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    a->v = v;
    a->cap = cap;
    return 0;
}

/* score.assign and the joined comparison of score.finish for list name ni (as align_one, from
 * the flat tables): its kept pairs appended to `pairs` (from out->pairs_at), *how as there */
static int align_flat(QueryObject *q, TablesObject *t, int32_t ni, CandVec *work, CandVec *pairs,
                      Aligned *out, int *how_out)
{
    Py_ssize_t at = t->parts_at[ni], nc = t->parts_at[ni + 1] - at, nq = q->n;
    work->n = 0;
    for (Py_ssize_t j = 0; j < nc; j++) {
        Py_ssize_t start, count;
        if (query_row_c(q, t, t->parts[at + j], &start, &count) < 0)
            return -1;
        if (candvec_reserve(work, count) < 0)
            return -1;
        for (Py_ssize_t k = 0; k < count; k++) {
            struct RowItem r = q->ri[start + k];
            Cand *c = &work->v[work->n++];
            c->s = r.s;
            c->negd = -(r.i > j ? r.i - j : j - r.i);
            c->i = r.i;
            c->j = j;
        }
    }
    qsort(work->v, (size_t)work->n, sizeof(Cand), cand_cmp);
    char used_q_stack[64], used_c_stack[64];
    char *used_q = nq <= 64 ? used_q_stack : PyMem_Calloc((size_t)nq, 1);
    char *used_c = nc <= 64 ? used_c_stack : PyMem_Calloc((size_t)nc, 1);
    if (!used_q || !used_c) {
        if (used_q != used_q_stack)
            PyMem_Free(used_q);
        if (used_c != used_c_stack)
            PyMem_Free(used_c);
        PyErr_NoMemory();
        return -1;
    }
    if (nq <= 64)
        memset(used_q, 0, (size_t)nq);
    if (nc <= 64)
        memset(used_c, 0, (size_t)nc);
    const double *wc = t->pw + at, *uc = t->pu + at;
    const double *wq = q->w, *uq = q->u;
    double num = 0.0, den = q->u_sum + t->wmin[ni];
    Py_ssize_t npairs = 0;
    int all_long = 1;
    out->pairs_at = pairs->n;
    int err = 0;
    for (Py_ssize_t k = 0; k < work->n; k++) {
        Cand c = work->v[k];
        if (used_q[c.i] || used_c[c.j])
            continue;
        used_q[c.i] = 1;
        used_c[c.j] = 1;
        int clen1 = t->plen1[t->parts[at + c.j]];
        double w = q->len1[c.i] ? wc[c.j] : wq[c.i];
        double w2 = clen1 ? wq[c.i] : wc[c.j];
        num += (w + w2) * c.s;
        den += w + w2 - uq[c.i] - uc[c.j];
        if (q->len1[c.i] || clen1)
            all_long = 0;
        if (candvec_reserve(pairs, 1) < 0) {
            err = 1;
            break;
        }
        pairs->v[pairs->n++] = c;
        npairs++;
    }
    if (!err) {
        if (q->person && nq > npairs && nc > npairs) {
            for (Py_ssize_t i = 0; i < nq; i++)
                if (!used_q[i])
                    den += wq[i] - uq[i];
        }
        else if (q->person && npairs == nc && nc >= 2 && nq > nc && all_long) {
            int syllables = nc == 2 && t->pshort[t->parts[at]] && t->pshort[t->parts[at + 1]];
            if (!syllables) {
                for (Py_ssize_t i = 0; i < nq; i++) {
                    if (!used_q[i]) {
                        double x = wq[i] * MISSING_MIDDLE;
                        den -= uq[i] - (x < uq[i] ? x : uq[i]);
                    }
                }
            }
        }
    }
    if (used_q != used_q_stack)
        PyMem_Free(used_q);
    if (used_c != used_c_stack)
        PyMem_Free(used_c);
    if (err)
        return -1;
    out->npairs = npairs;
    double score = den > 0 ? num / den : 0.0;
    int how = 0;
    if (nq != nc) {
        PyObject *jq = q->joined, *jc = PyList_GET_ITEM(t->joined, ni);
        Py_ssize_t lq = PyUnicode_GET_LENGTH(jq), lc = PyUnicode_GET_LENGTH(jc);
        if ((lq < lc ? lq : lc) >= 5) {
            if (uch(jq, 0) == KANA_MARK || uch(jc, 0) == KANA_MARK) {
                how = 3;
            }
            else {
                int e = 0;
                double js = JOINED_FACTOR * osa_sim(jq, jc, &e);
                if (e) {
                    PyErr_NoMemory();
                    return -1;
                }
                if (js > score && js >= JOINED_MIN) {
                    how = ustr_eq(jq, jc) ? 1 : 2;
                    score = js;
                }
            }
        }
    }
    out->score = score;
    *how_out = how;
    return 0;
}

static PyObject *aligned_pairs(Aligned *a, CandVec *pairs)
{
    if (a->pairs != NULL)
        return a->pairs;
    PyObject *tup = PyTuple_New(a->npairs);
    if (tup == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < a->npairs; k++) {
        Cand *c = &pairs->v[a->pairs_at + k];
        PyObject *p = pair3(c->i, c->j, c->s);
        if (p == NULL) {
            Py_DECREF(tup);
            return NULL;
        }
        PyTuple_SET_ITEM(tup, k, p);
    }
    a->pairs = tup;
    return tup;
}

/* round(x, digits) as Python computes it (correctly rounded to a decimal string and back) */
static int round_digits(double x, int digits, double *out)
{
    if (!isfinite(x)) {
        *out = x;
        return 0;
    }
    char *buf = PyOS_double_to_string(x, 'f', digits, 0, NULL);
    if (buf == NULL)
        return -1;
    double r = PyOS_string_to_double(buf, NULL, NULL);
    PyMem_Free(buf);
    if (r == -1.0 && PyErr_Occurred())
        return -1;
    *out = r;
    return 0;
}

/* is candidate b an entity's better name than a (already its best)? -1 on error */
static int better(TablesObject *t, Aligned *b, Aligned *a, CandVec *pairs, PyObject *closeness)
{
    int rb = -(int)t->rank[b->ni], ra = -(int)t->rank[a->ni];
    if (b->score_r != a->score_r)
        return b->score_r > a->score_r;
    if (rb != ra)
        return rb > ra;
    PyObject *pb = aligned_pairs(b, pairs), *pa = pb ? aligned_pairs(a, pairs) : NULL;
    if (pa == NULL)
        return -1;
    PyObject *cb = PyObject_CallOneArg(closeness, pb);
    if (cb == NULL)
        return -1;
    PyObject *ca = PyObject_CallOneArg(closeness, pa);
    if (ca == NULL) {
        Py_DECREF(cb);
        return -1;
    }
    int r = 0;
    int eq = PyObject_RichCompareBool(cb, ca, Py_EQ);
    if (eq < 0)
        r = -1;
    else if (eq)
        r = -b->ni > -a->ni;
    else
        r = PyObject_RichCompareBool(cb, ca, Py_GT);
    Py_DECREF(cb);
    Py_DECREF(ca);
    return r;
}

/* best(cands, want, tokens_p, tokens_o, make_query, fix, closeness, min_score)
 *   -> [(score at reported precision, name, score, pairs, joined, person)]
 * The loop of NameIndex._search over its candidates: each aligned by the query of its kind
 * (make_query(person) -> a Query, called once per kind, in the order kinds are first met), the
 * score finished by fix(person, name, score, pairs, how) -> (score, joined) where Python must
 * (kana keys, caps), each entity's best name kept (closeness(pairs) breaks ties, as
 * index._closeness), those scoring min_score or more returned in the order entities were
 * first met. */
static PyObject *Tables_best(TablesObject *t, PyObject *args)
{
    PyObject *cands, *want, *make_query, *fix, *closeness;
    int tokens_p, tokens_o;
    double min_score;
    if (!PyArg_ParseTuple(args, "O!OppOOOd", &PyList_Type, &cands, &want, &tokens_p, &tokens_o,
                          &make_query, &fix, &closeness, &min_score))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(cands);
    Scratch s;
    if (scratch_take(t, &s) < 0)
        return NULL;
    PyObject *result = NULL;
    PyObject *queries[2] = {NULL, NULL};
    Aligned *al = PyMem_Calloc((size_t)n + 1, sizeof(Aligned));
    int32_t *ids = PyMem_Malloc(sizeof(int32_t) * ((size_t)n + 1));
    int *bests = PyMem_Malloc(sizeof(int) * ((size_t)n + 1));  /* slot -> aligned index */
    Py_ssize_t nbest = 0, nal = 0;
    CandVec work = {NULL, 0, 0}, pairs = {NULL, 0, 0};
    if (!al || !ids || !bests) {
        PyErr_NoMemory();
        goto done;
    }
    int kinds[2], nkinds = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t ni = PyLong_AsSsize_t(PyList_GET_ITEM(cands, k));
        if (ni == -1 && PyErr_Occurred())
            goto done;
        if (ni < 0 || ni >= t->n_names) {
            PyErr_SetString(PyExc_IndexError, "name id out of range");
            goto done;
        }
        ids[k] = (int32_t)ni;
        int person = t->person[ni] != 0;
        if (want != Py_None && person != (want == Py_True)) {
            ids[k] = -1;
            continue;
        }
        if (!(person ? tokens_p : tokens_o)) {
            ids[k] = -1;
            continue;
        }
        if (!(nkinds > 0 && kinds[0] == person) && !(nkinds > 1 && kinds[1] == person))
            kinds[nkinds++] = person;
    }
    for (int g = 0; g < nkinds; g++) {
        int person = kinds[g];
        PyObject *qo = PyObject_CallFunction(make_query, "O", person ? Py_True : Py_False);
        if (qo == NULL)
            goto done;
        queries[g] = qo;
        if (!PyObject_TypeCheck(qo, &QueryType)) {
            PyErr_SetString(PyExc_TypeError, "make_query: expected a Query");
            goto done;
        }
        QueryObject *q = (QueryObject *)qo;
        if (q->part_tok != t->part_tok) {
            PyErr_SetString(PyExc_ValueError, "make_query: a Query of another index");
            goto done;
        }
        for (Py_ssize_t k = 0; k < n; k++) {
            int32_t ni = ids[k];
            if (ni < 0 || (t->person[ni] != 0) != person)
                continue;
            Aligned *a = &al[nal++];
            a->ni = ni;
            a->person = person;
            int how;
            if (align_flat(q, t, ni, &work, &pairs, a, &how) < 0)
                goto done;
            if (how == 3 || (how != 1 && a->score > t->short_word_cap)) {
                PyObject *pt = aligned_pairs(a, &pairs);
                if (pt == NULL)
                    goto done;
                PyObject *r = PyObject_CallFunction(fix, "OidOi", person ? Py_True : Py_False,
                                                    (int)ni, a->score, pt, how);
                if (r == NULL)
                    goto done;
                if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 2) {
                    Py_DECREF(r);
                    PyErr_SetString(PyExc_TypeError, "fix: expected (score, joined)");
                    goto done;
                }
                a->score = PyFloat_AsDouble(PyTuple_GET_ITEM(r, 0));
                a->joined = PyObject_IsTrue(PyTuple_GET_ITEM(r, 1));
                Py_DECREF(r);
                if ((a->score == -1.0 && PyErr_Occurred()) || a->joined < 0)
                    goto done;
            }
            else
                a->joined = how != 0;
            if (round_digits(a->score, t->score_digits, &a->score_r) < 0)
                goto done;
            int32_t ei = t->ent[ni];
            int sl = s.slot[ei];
            if (sl == 0) {
                bests[nbest] = (int)(nal - 1);
                s.slot[ei] = (int)(++nbest);
                continue;
            }
            int b = better(t, a, &al[bests[sl - 1]], &pairs, closeness);
            if (b < 0)
                goto done;
            if (b)
                bests[sl - 1] = (int)(nal - 1);
        }
    }
    Py_ssize_t nout = 0;
    for (Py_ssize_t k = 0; k < nbest; k++)
        nout += al[bests[k]].score_r >= min_score;
    result = PyList_New(nout);
    if (result == NULL)
        goto done;
    Py_ssize_t x = 0;
    for (Py_ssize_t k = 0; k < nbest; k++) {
        Aligned *a = &al[bests[k]];
        if (!(a->score_r >= min_score))
            continue;
        PyObject *pt = aligned_pairs(a, &pairs);
        PyObject *e = pt ? Py_BuildValue("(didOOO)", a->score_r, (int)a->ni, a->score, pt,
                                         a->joined ? Py_True : Py_False,
                                         a->person ? Py_True : Py_False) : NULL;
        if (e == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, x++, e);
    }
done:
    for (Py_ssize_t k = 0; k < nal; k++) {
        s.slot[t->ent[al[k].ni]] = 0;
        Py_XDECREF(al[k].pairs);
    }
    scratch_give(t, &s);
    Py_XDECREF(queries[0]);
    Py_XDECREF(queries[1]);
    PyMem_Free(al);
    PyMem_Free(ids);
    PyMem_Free(bests);
    PyMem_Free(work.v);
    PyMem_Free(pairs.v);
    return result;
}

static PyMethodDef Tables_methods[] = {
    {"vocabulary", (PyCFunction)Tables_vocabulary, METH_VARARGS,
     "vocabulary(words, vocab, deletes, weights, generic, longest, unknown_weight, keep_plain, "
     "keep_initials, keep_long, long_query, max_finding, fuzzy_max_df, neighbour_share, "
     "initial_weight, generic_weight): what candidates() needs"},
    {"candidates", (PyCFunction)Tables_candidates, METH_VARARGS,
     "candidates(readings, cache, cache_limit, cache_use, shared) -> [name]"},
    {"rank", (PyCFunction)Tables_rank, METH_VARARGS,
     "rank(groups, common, keep, wq_total, imask, initials) -> [name]: the candidates"},
    {"best", (PyCFunction)Tables_best, METH_VARARGS,
     "best(cands, want, tokens_p, tokens_o, make_query, fix, closeness, min_score) -> "
     "[(score_r, name, score, pairs, joined, person)]: each entity's best name"},
    {NULL}
};

static PyTypeObject TablesType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "screening.names._core.Tables",
    .tp_basicsize = sizeof(TablesObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Tables_init,
    .tp_dealloc = (destructor)Tables_dealloc,
    .tp_methods = Tables_methods,
    .tp_doc = "An index's tables as flat arrays, for the compiled search (see index._tables).",
};
