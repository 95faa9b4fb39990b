/* Batch name normalisation, the per-line part (screening/names/normalize_batch.py `_parts`,
 * the pure-Python reference; included by _core.c): a line of lower-case ASCII text split into
 * words as `normalize._punctuation_to_spaces` and `str.split` split it (apostrophes dropped,
 * any other character but a-z and 0-9 separating words), each word's entry looked up in the
 * word table (`_Words`: word -> (word interned, folded key interned, flags)), and the readings
 * (person, organisation, either) the stripping leaves the line as it is in. Work is linear in
 * the line's length.
 *
 * What it cannot finish it leaves to Python (None): a line not in ASCII, a line with a word not
 * in the table (returned, for Python to add).
 */

/* word flags: the same values as normalize_batch.py */
#define NF_HON_FIRST 1
#define NF_LONG_LAST 2
#define NF_ORG 4
#define NF_PHRASE 8
#define NF_GIVEN 16
#define NF_MISS_LF 32
#define NF_MISS_HON 64
#define NF_LF_FIRST 128
#define NF_LF_LAST 256
/* the readings (person True, False, None) a line is left as it is in */
#define NF_P_TRUE 1
#define NF_P_FALSE 2
#define NF_P_NONE 4

#define NF_STACK 128

/* The flags of a table entry (a tuple (str, str, int)); -1 with an exception set if it is not
 * one. */
static long nf_flags(PyObject *info)
{
    if (!PyTuple_Check(info) || PyTuple_GET_SIZE(info) != 3
            || !PyUnicode_Check(PyTuple_GET_ITEM(info, 0))
            || !PyUnicode_Check(PyTuple_GET_ITEM(info, 1))
            || !PyLong_Check(PyTuple_GET_ITEM(info, 2))) {
        PyErr_SetString(PyExc_TypeError, "line_parts: a word's entry is not (str, str, int)");
        return -1;
    }
    return PyLong_AsLong(PyTuple_GET_ITEM(info, 2));
}

/* The readings the stripping leaves the line as it is in (`normalize_batch._plain`, the same
 * tests). */
static int nf_plain(long *flags, Py_ssize_t n, long all)
{
    if (n <= 1)
        return (all & NF_ORG) ? NF_P_TRUE | NF_P_NONE : NF_P_TRUE | NF_P_FALSE | NF_P_NONE;
    long first = flags[0], last = flags[n - 1];
    int hon = (first & NF_HON_FIRST) || (n > 2 && (first & NF_MISS_HON));
    int legal = (first & NF_LF_FIRST) || (last & (NF_LF_LAST | NF_MISS_LF))
        || (n > 2 && ((first | last | flags[1] | flags[n - 2]) & NF_PHRASE));
    return ((hon || (last & NF_LONG_LAST)) ? 0 : NF_P_TRUE)
        | ((legal || (all & NF_ORG)) ? 0 : NF_P_FALSE) | ((hon || legal) ? 0 : NF_P_NONE);
}

/* One line's parts: a new reference to the tuple `_parts` returns, Py_None (a new reference)
 * when left to Python, NULL on error. Words not in `known` are appended to `missing`. */
static PyObject *nf_line(PyObject *line, PyObject *known, PyObject *missing)
{
    if (!PyUnicode_Check(line) || !PyUnicode_IS_ASCII(line))
        Py_RETURN_NONE;
    Py_ssize_t len = PyUnicode_GET_LENGTH(line);
    const Py_UCS1 *s = PyUnicode_1BYTE_DATA(line);
    /* the words' characters one after the other (the line's words written as one), and where
     * each word starts; a line of `len` characters has at most (len + 1) / 2 words */
    char sbuf[NF_STACK];
    Py_ssize_t sstart[NF_STACK / 2 + 2];
    PyObject *sinfo[NF_STACK / 2 + 1];
    long sflags[NF_STACK / 2 + 1];
    char *buf = sbuf;
    Py_ssize_t *start = sstart;
    PyObject **info = sinfo;
    long *flags = sflags;
    PyObject *result = NULL;
    if (len > NF_STACK) {
        Py_ssize_t most = len / 2 + 2;
        buf = PyMem_Malloc((size_t)len);
        start = PyMem_Malloc((size_t)most * sizeof(Py_ssize_t));
        info = PyMem_Malloc((size_t)most * sizeof(PyObject *));
        flags = PyMem_Malloc((size_t)most * sizeof(long));
        if (buf == NULL || start == NULL || info == NULL || flags == NULL) {
            PyErr_NoMemory();
            goto done;
        }
    }
    Py_ssize_t j = 0, n = 0;
    int in_word = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS1 c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (!in_word) {
                start[n++] = j;
                in_word = 1;
            }
            buf[j++] = (char)c;
        }
        else if (c != '\'' && c != '`')  /* (an apostrophe is dropped: it joins) */
            in_word = 0;
    }
    start[n] = j;
    int lacking = 0;
    long all = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t wlen = start[k + 1] - start[k];
        PyObject *word = PyUnicode_New(wlen, 127);
        if (word == NULL)
            goto done;
        memcpy(PyUnicode_1BYTE_DATA(word), buf + start[k], (size_t)wlen);
        PyObject *got = PyDict_GetItemWithError(known, word);  /* borrowed */
        if (got == NULL) {
            if (PyErr_Occurred() || PyList_Append(missing, word) < 0) {
                Py_DECREF(word);
                goto done;
            }
            lacking = 1;
            Py_DECREF(word);
            continue;
        }
        Py_DECREF(word);
        long f = nf_flags(got);
        if (f == -1 && PyErr_Occurred())
            goto done;
        info[k] = got;
        flags[k] = f;
        all |= f;
    }
    if (lacking) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    int plain = nf_plain(flags, n, all);
    PyObject *raws = PyTuple_New(n), *folds = PyTuple_New(n);
    PyObject *joined = PyUnicode_New(j, 127);
    if (raws == NULL || folds == NULL || joined == NULL) {
        Py_XDECREF(raws);
        Py_XDECREF(folds);
        Py_XDECREF(joined);
        goto done;
    }
    memcpy(PyUnicode_1BYTE_DATA(joined), buf, (size_t)j);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyTuple_SET_ITEM(raws, k, Py_NewRef(PyTuple_GET_ITEM(info[k], 0)));
        PyTuple_SET_ITEM(folds, k, Py_NewRef(PyTuple_GET_ITEM(info[k], 1)));
    }
    result = Py_BuildValue("(NNiON)", raws, folds, plain,
                           (all & NF_GIVEN) ? Py_True : Py_False, joined);
done:
    if (buf != sbuf) {
        PyMem_Free(buf);
        PyMem_Free(start);
        PyMem_Free(info);
        PyMem_Free(flags);
    }
    return result;
}

static PyObject *core_line_parts(PyObject *self, PyObject *args)
{
    PyObject *lines, *known;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &lines, &PyDict_Type, &known))
        return NULL;
    Py_ssize_t nl = PyList_GET_SIZE(lines);
    PyObject *out = PyList_New(nl), *missing = PyList_New(0);
    if (out == NULL || missing == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < nl; i++) {
        PyObject *line = PyList_GET_ITEM(lines, i);
        Py_INCREF(line);  /* (the list may not change under us, but be safe) */
        PyObject *got = nf_line(line, known, missing);
        Py_DECREF(line);
        if (got == NULL)
            goto fail;
        PyList_SET_ITEM(out, i, got);
    }
    return Py_BuildValue("(NN)", out, missing);
fail:
    Py_XDECREF(out);
    Py_XDECREF(missing);
    return NULL;
}

/* NormNames of the readings left as they are (`normalize_batch._plain_readings`, the
 * reference): build_plain(items, persons, notes, joined, type, setters) -> list: for each
 * reading, its line's parts (`line_parts`) or None; the NormName (of `type`) when the line is
 * left as it is in the reading (parts[2], a mask of readings) and no given name is to be
 * mapped (tokens and raws the line's words, no legal form, the folded key
 * `joined[parts[4]]`), else None (left to Python). `setters`: the slots' descriptors in the
 * order tokens, folds, joined, legal_form, raws, notes. */
static PyObject *core_build_plain(PyObject *self, PyObject *args)
{
    PyObject *items, *persons, *notes, *joined, *type, *setters;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!", &PyList_Type, &items, &PyList_Type, &persons,
                          &PyList_Type, &notes, &PyDict_Type, &joined, &PyType_Type, &type,
                          &PyTuple_Type, &setters))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(items);
    if (PyList_GET_SIZE(persons) != n || PyList_GET_SIZE(notes) != n
            || PyTuple_GET_SIZE(setters) != 6) {
        PyErr_SetString(PyExc_ValueError, "build_plain: lengths differ");
        return NULL;
    }
    descrsetfunc set[6];
    for (int k = 0; k < 6; k++) {
        PyObject *d = PyTuple_GET_ITEM(setters, k);
        if (!Py_IS_TYPE(d, &PyMemberDescr_Type)) {
            PyErr_SetString(PyExc_TypeError, "build_plain: a setter is not a slot");
            return NULL;
        }
        set[k] = Py_TYPE(d)->tp_descr_set;
    }
    PyTypeObject *tp = (PyTypeObject *)type;
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *parts = PyList_GET_ITEM(items, i), *person = PyList_GET_ITEM(persons, i);
        PyObject *got = Py_None;
        if (parts != Py_None) {
            if (!PyTuple_Check(parts) || PyTuple_GET_SIZE(parts) != 5) {
                PyErr_SetString(PyExc_TypeError, "build_plain: parts are not a 5-tuple");
                goto fail;
            }
            long mask = PyLong_AsLong(PyTuple_GET_ITEM(parts, 2));
            if (mask == -1 && PyErr_Occurred())
                goto fail;
            int plain = (mask & (person == Py_True ? NF_P_TRUE
                                 : person == Py_False ? NF_P_FALSE : NF_P_NONE)) != 0;
            int mapped = PyTuple_GET_ITEM(parts, 3) == Py_True && person != Py_False;
            PyObject *j = NULL;
            if (plain && !mapped) {
                j = PyDict_GetItemWithError(joined, PyTuple_GET_ITEM(parts, 4));
                if (j == NULL && PyErr_Occurred())
                    goto fail;
            }
            if (j != NULL) {
                PyObject *raws = PyTuple_GET_ITEM(parts, 0);
                PyObject *values[6] = {raws, PyTuple_GET_ITEM(parts, 1), j, Py_None, raws,
                                       PyList_GET_ITEM(notes, i)};
                got = tp->tp_alloc(tp, 0);
                if (got == NULL)
                    goto fail;
                for (int k = 0; k < 6; k++) {
                    if (set[k](PyTuple_GET_ITEM(setters, k), got, values[k]) < 0) {
                        Py_DECREF(got);
                        goto fail;
                    }
                }
                PyList_SET_ITEM(out, i, got);
                continue;
            }
        }
        PyList_SET_ITEM(out, i, Py_NewRef(Py_None));
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

#include "_core_fold.c"

#define NORMALIZE_METHODS \
    FOLD_METHODS \
    {"build_plain", core_build_plain, METH_VARARGS, \
     "build_plain(items, persons, notes, joined, type, setters) -> NormName or None per " \
     "reading: normalize_batch._plain_readings"}, \
    {"line_parts", core_line_parts, METH_VARARGS, \
     "line_parts(lines, known) -> (parts or None per line, words not known): " \
     "normalize_batch._parts of each line"},
