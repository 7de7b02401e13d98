//! The core's records as Python objects, straight from their serde form (no JSON text): a
//! value's Python type is decided by the core's type, marked in its serde form
//! (`projectledger::wire`): decimals become `decimal.Decimal`, dates `datetime.date`, times
//! of day `datetime.time`, instants aware `datetime.datetime`; a `Money` becomes its Decimal amount (the currency,
//! when a query gives one, once per row). Structs and maps become dicts, sequences lists.

use std::fmt::Display;

use projectledger::wire;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::BoundObject;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyType};
use serde::ser::{self, Serialize};

/// A Python object from any serialisable value of the core.
pub fn to_py<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    value.serialize(ToPy { py }).map_err(|e| e.0)
}

/// Records as `Rows`: a list of records becomes Arrow columns (one per field, the currency
/// added as a column when given) that `Rows` reads as a pyarrow Table and as dicts; a single
/// record becomes a dict.
pub fn typed_rows<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T, currency: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
    if let Some(mut record) = crate::columns::records(value).map_err(PyValueError::new_err)? {
        if let Some(currency) = currency {
            record.constant_text("currency", currency).map_err(PyValueError::new_err)?;
        }
        let batch = crate::arrow::ArrowBatch(record.into_batch().map_err(PyValueError::new_err)?);
        return as_rows(Bound::new(py, batch)?.into_any());
    }
    let data = to_py(py, value)?;
    if let Some(currency) = currency {
        let rows = match data.cast::<PyList>() {
            Ok(list) => list.iter().collect(),
            Err(_) => vec![data.clone()],
        };
        for row in rows {
            row.set_item("currency", currency)?;
        }
    }
    match data.cast::<PyList>() {
        Ok(_) => as_rows(data),
        Err(_) => Ok(data),
    }
}

/// A list as `Rows`.
pub fn as_rows(list: Bound<'_, PyAny>) -> PyResult<Bound<'_, PyAny>> {
    static ROWS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    ROWS.import(list.py(), "projectledger._rows", "Rows")?.call1((list,))
}

/// The error of a conversion: a Python exception.
#[derive(Debug)]
pub struct ToPyError(PyErr);

impl Display for ToPyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for ToPyError {}

impl ser::Error for ToPyError {
    fn custom<T: Display>(message: T) -> Self {
        ToPyError(PyValueError::new_err(message.to_string()))
    }
}

impl From<PyErr> for ToPyError {
    fn from(error: PyErr) -> Self {
        ToPyError(error)
    }
}

type Out<'py> = Result<Bound<'py, PyAny>, ToPyError>;

#[derive(Clone, Copy)]
struct ToPy<'py> {
    py: Python<'py>,
}

impl<'py> ToPy<'py> {
    fn object(self, value: impl IntoPyObject<'py>) -> Out<'py> {
        Ok(value.into_pyobject(self.py).map_err(Into::into)?.into_any().into_bound())
    }

    /// A marked text as its Python type.
    fn marked(self, marker: &str, text: Bound<'py, PyAny>) -> Out<'py> {
        static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        static TIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        let py = self.py;
        Ok(match marker {
            wire::DECIMAL => DECIMAL.import(py, "decimal", "Decimal")?.call1((text,))?,
            wire::DATE => DATE.import(py, "datetime", "date")?.call_method1("fromisoformat", (text,))?,
            wire::TIME => TIME.import(py, "datetime", "time")?.call_method1("fromisoformat", (text,))?,
            wire::INSTANT => {
                let text: String = text.extract()?;
                DATETIME.import(py, "datetime", "datetime")?.call_method1("fromisoformat", (text.replace('Z', "+00:00"),))?
            }
            _ => text,
        })
    }
}

impl<'py> ser::Serializer for ToPy<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    type SerializeSeq = Seq<'py>;
    type SerializeTuple = Seq<'py>;
    type SerializeTupleStruct = Seq<'py>;
    type SerializeTupleVariant = Variant<Seq<'py>>;
    type SerializeMap = Map<'py>;
    type SerializeStruct = Struct<'py>;
    type SerializeStructVariant = Variant<Struct<'py>>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        self.object(v)
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.object(v)
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.object(v)
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.object(v)
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        self.object(v)
    }
    fn serialize_i128(self, v: i128) -> Out<'py> {
        self.object(v)
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.object(v)
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.object(v)
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.object(v)
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        self.object(v)
    }
    fn serialize_u128(self, v: u128) -> Out<'py> {
        self.object(v)
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        self.object(v)
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        self.object(v)
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        self.object(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        self.object(v)
    }
    fn serialize_none(self) -> Out<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Out<'py> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Out<'py> {
        let inner = value.serialize(self)?;
        self.marked(name, inner)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _index: u32, variant: &'static str, value: &T) -> Out<'py> {
        let dict = PyDict::new(self.py);
        dict.set_item(variant, value.serialize(self)?)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'py>, ToPyError> {
        Ok(Seq { to: self, items: Vec::new() })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'py>, ToPyError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'py>, ToPyError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, len: usize) -> Result<Variant<Seq<'py>>, ToPyError> {
        Ok(Variant { variant, inner: self.serialize_seq(Some(len))? })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'py>, ToPyError> {
        Ok(Map { to: self, dict: PyDict::new(self.py), key: None })
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Struct<'py>, ToPyError> {
        Ok(Struct { to: self, name, dict: PyDict::new(self.py) })
    }
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, len: usize) -> Result<Variant<Struct<'py>>, ToPyError> {
        Ok(Variant { variant, inner: self.serialize_struct(variant, len)? })
    }
}

pub struct Seq<'py> {
    to: ToPy<'py>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> Seq<'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ToPyError> {
        self.items.push(value.serialize(self.to)?);
        Ok(())
    }

    fn list(self) -> Out<'py> {
        Ok(PyList::new(self.to.py, self.items)?.into_any())
    }
}

impl<'py> ser::SerializeSeq for Seq<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ToPyError> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.list()
    }
}

impl<'py> ser::SerializeTuple for Seq<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ToPyError> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.list()
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ToPyError> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.list()
    }
}

pub struct Map<'py> {
    to: ToPy<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeMap for Map<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ToPyError> {
        self.key = Some(key.serialize(self.to)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ToPyError> {
        let key = self.key.take().ok_or_else(|| <ToPyError as ser::Error>::custom("a map value without its key"))?;
        self.dict.set_item(key, value.serialize(self.to)?)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        Ok(self.dict.into_any())
    }
}

pub struct Struct<'py> {
    to: ToPy<'py>,
    name: &'static str,
    dict: Bound<'py, PyDict>,
}

impl<'py> Struct<'py> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), ToPyError> {
        self.dict.set_item(key, value.serialize(self.to)?)?;
        Ok(())
    }

    /// A `Money` becomes its amount (a Decimal); any other struct a dict.
    fn finish(self) -> Out<'py> {
        if self.name == "Money"
            && let Some(amount) = self.dict.get_item("amount")?
        {
            return Ok(amount);
        }
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for Struct<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), ToPyError> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

/// An enum variant holding data: `{variant: data}`.
pub struct Variant<Inner> {
    variant: &'static str,
    inner: Inner,
}

impl<Inner> Variant<Inner> {
    fn wrap<'py>(variant: &'static str, to: ToPy<'py>, data: Bound<'py, PyAny>) -> Out<'py> {
        let dict = PyDict::new(to.py);
        dict.set_item(variant, data)?;
        Ok(dict.into_any())
    }
}

impl<'py> ser::SerializeTupleVariant for Variant<Seq<'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ToPyError> {
        self.inner.push(value)
    }
    fn end(self) -> Out<'py> {
        let to = self.inner.to;
        Variant::<Seq<'py>>::wrap(self.variant, to, self.inner.list()?)
    }
}

impl<'py> ser::SerializeStructVariant for Variant<Struct<'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), ToPyError> {
        self.inner.field(key, value)
    }
    fn end(self) -> Out<'py> {
        let to = self.inner.to;
        Variant::<Struct<'py>>::wrap(self.variant, to, self.inner.finish()?)
    }
}
