/* The compiled search loop of NameIndex, in five files that _core.c includes in this order (one
 * translation unit): this one, an index's tables as flat arrays (`Tables`, made once per index
 * from its attributes: index.py `_tables`); _core_rank.c, the ranking of candidates
 * (`Tables.rank`: `NameIndex._accumulate`, the common-word pairs and credits of `_candidates`,
 * and `_best`); _core_candidates.c, the candidate look-up (`Tables.candidates`: `_candidates`
 * with `_word_lookup` and its cache); _core_query.c, the query of the scoring loop made from a
 * normalised name (`_Query`) and what the loop reads of each list name (`Tables.scoring`);
 * _core_best.c, the scoring loop and the choice of each entity's best name (`Tables.best`: the
 * loop of `NameIndex._search`, with `score.cap`). Same arithmetic, same order, same ties as the
 * Python reference, which the tests compare it with.
 *
 * Every array is checked when the tables are made (ids in range), so the search loops index
 * them without further checks.
 */

/* what the search loops read of a name, in one place (one cache line) */
typedef struct {
    int64_t first;          /* bits of the first letters of its parts */
    double wfull, wmin;     /* sum of its parts' weights; of what they add unmatched */
    int32_t ent;            /* its entity */
    int32_t parts_at;       /* its parts: pref[parts_at .. parts_at + nparts) */
    int32_t nparts;
    /* what score.cap reads of it (set by Tables.scoring): its one distinctive part (-1: none
     * or several), its legal form's id (-1: none) */
    int32_t dk, form;
    unsigned char rank;     /* rank of its strength (index._RANK) */
    unsigned char person;
    unsigned char all_short;  /* every part SHORT_PART letters or fewer */
    unsigned char jkana;    /* its joined key is a kana key (set by Tables.scoring) */
    int32_t jlen;           /* letters in its joined key (set by Tables.scoring) */
} NameRec;

/* one part of a name, as the search loops read it */
typedef struct {
    double w, u;            /* its weight and what it adds unmatched */
    int32_t pid;            /* the part id */
    Py_UCS4 tok0, raw0;     /* first letter, as mapped and as written */
    unsigned char len1;     /* an initial */
    unsigned char shortp;   /* SYLLABLE letters or fewer */
} PartRef;

/* the scratch slot of a name, all zero between calls */
typedef struct {
    double acc;
    int stamp, seen;
} AccSlot;

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
    /* (the arrays above are read when the tables are made, then freed: these hold them) */
    NameRec *nrec;
    PartRef *pref;
    /* the vocabulary, for candidates() */
    PyObject *vocab, *deletes, *weights, *generic;  /* dicts, and a frozenset of words */
    double *wweight;        /* each word's weight (NaN: none, a joined name or kana key) */
    Py_ssize_t *wlen;       /* letters in each word */
    Py_ssize_t longest;
    double unknown_weight;
    /* the ASCII keys of vocab and deletes in one table (see _core_wordtab.c) */
    uint64_t *wt_slot;      /* 0 empty, else a tag (high half) and record place / 4 + 1 */
    size_t wt_mask;
    uint32_t *wt_pool;      /* the records */
    size_t wt_pool_n;
    int wt_weights;         /* every ASCII key of `weights` is a word: weights from wweight */
    /* constants (from index.py / score.py) */
    Py_ssize_t pre_cut, max_common_pairs;
    Py_ssize_t keep_plain, keep_initials, keep_long, long_query, max_finding, fuzzy_max_df;
    double neighbour_share, initial_weight, generic_weight;
    int score_digits, rough_digits;
    double rough_scale, short_word_cap;
    /* for the scoring loop (Tables.scoring): legal form -> id, the Python token_sim (kana
     * keys), queries of more parts than few_parts compare only the parts that may be similar */
    PyObject *forms, *token_sim_fn;
    Py_ssize_t few_parts;
    struct PartSig *psig;   /* signatures of the names' parts, as pref (Tables.scoring: for
                             * Tables.best's bound) */
    /* scratch, one slot per name, all zero between calls */
    AccSlot *slots;
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
    Py_XDECREF(t->forms);
    Py_XDECREF(t->token_sim_fn);
    PyMem_Free(t->wweight);
    PyMem_Free(t->wlen);
    PyMem_Free(t->wt_slot);
    PyMem_Free(t->wt_pool);
    Py_XDECREF(t->part_tok);
    Py_XDECREF(t->part_fold);
    Py_XDECREF(t->part_raw);
    PyMem_Free(t->ptok0);
    PyMem_Free(t->praw0);
    PyMem_Free(t->plen1);
    PyMem_Free(t->pshort);
    PyMem_Free(t->slots);
    PyMem_Free(t->nrec);
    PyMem_Free(t->pref);
    PyMem_Free(t->psig);
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
    t->rough_digits = rough_digits;
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
    t->slots = PyMem_Calloc((size_t)nn + 1, sizeof(AccSlot));
    t->nrec = PyMem_Calloc((size_t)nn + 1, sizeof(NameRec));
    t->pref = PyMem_Calloc((size_t)ptotal + 1, sizeof(PartRef));
    if (!t->slots || !t->nrec || !t->pref) {
        PyErr_NoMemory();
        return -1;
    }
    if (ptotal > INT32_MAX - 1) {
        PyErr_SetString(PyExc_ValueError, "too many name parts");
        return -1;
    }
    for (Py_ssize_t ni = 0; ni < nn; ni++) {
        NameRec *r = &t->nrec[ni];
        r->first = t->first[ni];
        r->wfull = t->wfull[ni];
        r->wmin = t->wmin[ni];
        r->ent = t->ent[ni];
        r->parts_at = (int32_t)t->parts_at[ni];
        r->nparts = (int32_t)(t->parts_at[ni + 1] - t->parts_at[ni]);
        r->rank = t->rank[ni];
        r->person = t->person[ni] != 0;
    }
    for (Py_ssize_t j = 0; j < ptotal; j++) {
        PartRef *p = &t->pref[j];
        int32_t pid = t->parts[j];
        p->w = t->pw[j];
        p->u = t->pu[j];
        p->pid = pid;
        p->tok0 = t->ptok0[pid];
        p->raw0 = t->praw0[pid];
        p->len1 = t->plen1[pid];
        p->shortp = t->pshort[pid];
    }
#define DROP(f) PyMem_Free(t->f); t->f = NULL
    DROP(ent); DROP(rank); DROP(person); DROP(first); DROP(wfull); DROP(wmin);
    DROP(parts_at); DROP(parts); DROP(pw); DROP(pu); DROP(ptok0); DROP(praw0); DROP(plen1);
    DROP(pshort);
#undef DROP
    return 0;
}

/* ---- scratch --------------------------------------------------------------------------------- */

typedef struct {
    AccSlot *slots;
    int owned;  /* allocated for this call (the tables' own were in use: a re-entrant call) */
} Scratch;

static int scratch_take(TablesObject *t, Scratch *s)
{
    if (t->nrec == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Tables: not built");
        return -1;
    }
    if (!t->busy) {
        t->busy = 1;
        s->slots = t->slots;
        s->owned = 0;
        return 0;
    }
    s->slots = PyMem_Calloc((size_t)t->n_names + 1, sizeof(AccSlot));
    s->owned = 1;
    if (!s->slots) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void scratch_give(TablesObject *t, Scratch *s)
{
    if (s->owned)
        PyMem_Free(s->slots);
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
