//! Type constraint expressions: `string`, `list(string)`, `object({...})`,
//! and the quoted forms of Terraform 0.11 (`"string"`, `"list"`, `"map"`).

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey};

use crate::types::Type;
use crate::value::Value;

pub fn parse_type(e: &Expression) -> Result<Type, String> {
    match e {
        Expression::Variable(v) => match v.as_str() {
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            "any" => Ok(Type::Any),
            "list" => Ok(Type::List(Box::new(Type::Any))),
            "set" => Ok(Type::Set(Box::new(Type::Any))),
            "map" => Ok(Type::Map(Box::new(Type::Any))),
            other => Err(format!("The keyword \"{other}\" is not a valid type specification.")),
        },
        Expression::String(s) => match s.value().as_str() {
            "string" => Ok(Type::String),
            "list" => Ok(Type::List(Box::new(Type::String))),
            "map" => Ok(Type::Map(Box::new(Type::String))),
            other => Err(format!("The quoted type \"{other}\" is not valid; use string, list(string) or map(string).")),
        },
        Expression::FuncCall(f) => {
            let name = f.name.name.as_str();
            let args: Vec<&Expression> = f.args.iter().collect();
            let one = || -> Result<&Expression, String> {
                match args.as_slice() {
                    [a] => Ok(a),
                    _ => Err(format!("The {name} type constructor requires one argument specifying the element type.")),
                }
            };
            match name {
                "list" => Ok(Type::List(Box::new(parse_type(one()?)?))),
                "set" => Ok(Type::Set(Box::new(parse_type(one()?)?))),
                "map" => Ok(Type::Map(Box::new(parse_type(one()?)?))),
                "optional" => parse_type(args.first().ok_or("optional requires a type argument")?),
                "tuple" => match one()? {
                    Expression::Array(items) => Ok(Type::Tuple(items.iter().map(parse_type).collect::<Result<_, _>>()?)),
                    _ => Err("The tuple type constructor requires a list of element types.".into()),
                },
                "object" => match one()? {
                    Expression::Object(o) => {
                        let mut attrs = BTreeMap::new();
                        let mut optional = BTreeMap::new();
                        for (k, v) in o.iter() {
                            let key = match k {
                                ObjectKey::Ident(i) => i.as_str().to_string(),
                                ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                                _ => return Err("Object type attribute names must be identifiers.".into()),
                            };
                            if let Expression::FuncCall(f) = v.expr() {
                                if f.name.name.as_str() == "optional" {
                                    let args: Vec<&Expression> = f.args.iter().collect();
                                    let default = match args.as_slice() {
                                        [_] => None,
                                        [_, d] => Some(constant(d)?),
                                        _ => return Err("Optional attribute modifier expects at most two arguments: the attribute type, and a default value.".into()),
                                    };
                                    optional.insert(key.clone(), default);
                                }
                            }
                            attrs.insert(key, parse_type(v.expr())?);
                        }
                        Ok(Type::Object(attrs, optional))
                    }
                    _ => Err("The object type constructor requires an object of attribute types.".into()),
                },
                other => Err(format!("Keyword \"{other}\" is not a valid type constructor.")),
            }
        }
        _ => Err("A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).".into()),
    }
}

/// A constant (literals, lists, objects, negative numbers, templates
/// without interpolation): what Terraform requires of a default value in a
/// type constraint, and of a backend's arguments.
pub fn constant(e: &Expression) -> Result<Value, String> {
    use hcl_edit::expr::UnaryOperator;
    Ok(match e {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => Value::Number(crate::eval::literal_number(n)),
        Expression::String(s) => Value::String(s.value().to_string()),
        Expression::Parenthesis(p) => constant(p.inner())?,
        Expression::UnaryOp(u) if *u.operator.value() == UnaryOperator::Neg => {
            match constant(&u.expr)? {
                Value::Number(n) => Value::Number(n.neg()),
                _ => return Err("Invalid default value: a number is required after \"-\".".into()),
            }
        }
        Expression::Array(items) => {
            Value::List(items.iter().map(constant).collect::<Result<_, _>>()?)
        }
        Expression::Object(o) => {
            let mut m = BTreeMap::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                    ObjectKey::Expression(Expression::Variable(v)) => v.as_str().to_string(),
                    _ => return Err("Invalid default value: object keys must be constant.".into()),
                };
                m.insert(key, constant(v.expr())?);
            }
            Value::Map(m.into())
        }
        Expression::StringTemplate(t) => {
            let mut out = String::new();
            for el in t.iter() {
                match el {
                    hcl_edit::template::Element::Literal(l) => out.push_str(l.value()),
                    _ => return Err("Invalid default value: it must be a constant, without references or interpolations.".into()),
                }
            }
            Value::String(out)
        }
        _ => return Err(
            "Invalid default value: it must be a constant, without references or function calls."
                .into(),
        ),
    })
}
