//! The cost breakdown (项目成本中心): a validated tree of cost codes (`01`, `01.02`,
//! `01.02.003`; a code's parent is the code before its last `.` unless given) × the project's
//! cost types. Duplicates, orphans and cycles are each named.

// An arena of nodes: every index is one `from_json` handed out (a node's position, its
// parent's, its children's), checked while the breakdown is read; depths count levels.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::ids::CostCode;
use crate::{Error, Result};

/// A cost code as declared: code, name, and the parent when it is not the dotted prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostCodeDef {
    /// The code (`01.02`), unique in the breakdown.
    pub code: CostCode,
    /// What the code stands for.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The parent code; `None` for a top-level code.
    pub parent: Option<CostCode>,
}

/// The cost types of Procore's and the 人材机 split, which a breakdown has unless it names
/// its own list (it may name others; approved day work posts to `labour`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StandardCostType {
    /// 人工: wages, day work.
    Labour,
    /// 材料: materials.
    Material,
    /// 机械: plant and equipment.
    Equipment,
    /// 分包: subcontracts.
    Subcontract,
    /// Anything else.
    Other,
}

impl StandardCostType {
    /// Every standard cost type, in a breakdown's default order.
    pub const ALL: [StandardCostType; 5] = [StandardCostType::Labour, StandardCostType::Material, StandardCostType::Equipment, StandardCostType::Subcontract, StandardCostType::Other];

    /// The name a cost line gives (`labour`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            StandardCostType::Labour => "labour",
            StandardCostType::Material => "material",
            StandardCostType::Equipment => "equipment",
            StandardCostType::Subcontract => "subcontract",
            StandardCostType::Other => "other",
        }
    }
}

/// The standard cost types' names, in order: a breakdown's cost types unless it names its own.
pub const STANDARD_COST_TYPES: [&str; 5] = [
    StandardCostType::Labour.name(),
    StandardCostType::Material.name(),
    StandardCostType::Equipment.name(),
    StandardCostType::Subcontract.name(),
    StandardCostType::Other.name(),
];

fn standard_cost_types() -> Vec<String> {
    STANDARD_COST_TYPES.iter().map(|t| (*t).to_owned()).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Node {
    pub(super) code: CostCode,
    pub(super) name: String,
    pub(super) parent: Option<usize>,
    pub(super) children: Vec<usize>,
}
crate::persist::persist_struct!(Node { code, name, parent, children });


/// A validated tree of cost codes and the list of cost types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(try_from = "BreakdownRepr", into = "BreakdownRepr")]
pub struct CostBreakdown {
    pub(super) nodes: Vec<Node>,
    pub(super) index: crate::collections::LookupMap<CostCode, usize>,
    pub(super) cost_types: Vec<String>,
    /// Children before parents: the order of a full rollup.
    pub(super) post_order: Vec<usize>,
    /// Whether each node is a leaf, packed apart from the nodes for bulk postings.
    pub(super) leaf: Vec<bool>,
}
crate::persist::persist_struct!(CostBreakdown { nodes, index, cost_types, post_order, leaf });


impl CostBreakdown {
    /// Validates the tree, listing every problem: duplicate codes or cost types, orphans
    /// (a parent that is not declared), cycles (named by their codes).
    pub fn new(codes: Vec<CostCodeDef>, cost_types: Vec<String>) -> Result<CostBreakdown> {
        let mut problems = Vec::new();
        let mut index = crate::collections::LookupMap::default();
        for (i, def) in codes.iter().enumerate() {
            if def.code.trim().is_empty() {
                problems.push(format!("cost code {i} is empty"));
            }
            if index.insert(def.code.clone(), i).is_some() {
                problems.push(format!("cost code {:?} is declared twice", def.code));
            }
        }
        let mut types = BTreeSet::new();
        for t in &cost_types {
            if !types.insert(t.as_str()) {
                problems.push(format!("cost type {t:?} is listed twice"));
            }
        }
        if cost_types.is_empty() {
            problems.push("a project needs at least one cost type".to_owned());
        }
        let parent_code = |def: &CostCodeDef| def.parent.clone().or_else(|| def.code.rsplit_once('.').map(|(head, _)| head.into()));
        let mut nodes: Vec<Node> =
            codes.iter().map(|d| Node { code: d.code.clone(), name: d.name.clone(), parent: None, children: Vec::new() }).collect();
        for (i, def) in codes.iter().enumerate() {
            if let Some(parent) = parent_code(def) {
                match index.get(&parent) {
                    Some(p) => nodes[i].parent = Some(*p),
                    None => problems.push(format!("cost code {:?} is an orphan: its parent {parent:?} is not declared", def.code)),
                }
            }
        }
        // Cycles: follow parents; a walk longer than the tree revisits a node.
        let mut reported = BTreeSet::new();
        for start in 0..nodes.len() {
            let mut seen = vec![start];
            let mut at = nodes[start].parent;
            while let Some(p) = at {
                if let Some(pos) = seen.iter().position(|s| *s == p) {
                    let mut cycle: Vec<&str> = seen[pos..].iter().map(|i| nodes[*i].code.as_str()).collect();
                    let min = cycle.iter().enumerate().min_by_key(|(_, c)| **c).map_or(0, |(i, _)| i);
                    cycle.rotate_left(min);
                    if reported.insert(cycle.join(" → ")) {
                        problems.push(format!("cost codes form a cycle: {} → {}", cycle.join(" → "), cycle[0]));
                    }
                    break;
                }
                seen.push(p);
                at = nodes[p].parent;
            }
        }
        if !problems.is_empty() {
            return Err(Error::InvalidCostBreakdown { problems });
        }
        for i in 0..nodes.len() {
            if let Some(p) = nodes[i].parent {
                nodes[p].children.push(i);
            }
        }
        let mut post_order = Vec::with_capacity(nodes.len());
        let mut stack: Vec<(usize, bool)> = nodes.iter().enumerate().filter(|(_, n)| n.parent.is_none()).map(|(i, _)| (i, false)).collect();
        while let Some((i, expanded)) = stack.pop() {
            if expanded {
                post_order.push(i);
            } else {
                stack.push((i, true));
                stack.extend(nodes[i].children.iter().map(|c| (*c, false)));
            }
        }
        let leaf = nodes.iter().map(|n| n.children.is_empty()).collect();
        Ok(CostBreakdown { nodes, index, cost_types, post_order, leaf })
    }

    /// Reads `{"codes": [{"code", "name", "parent"?}], "cost_types": [...]}` (cost types
    /// default to the standard five), listing every problem.
    pub fn from_json(json: &str) -> Result<CostBreakdown> {
        let repr: BreakdownRepr = serde_json::from_str(json).map_err(|e| Error::InvalidCostBreakdown { problems: vec![e.to_string()] })?;
        CostBreakdown::try_from(repr)
    }

    /// The breakdown as `from_json` reads it (parents written out only where not dotted).
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The code definitions, in declaration order.
    #[must_use]
    pub fn definitions(&self) -> Vec<CostCodeDef> {
        BreakdownRepr::from(self.clone()).codes
    }

    /// The name of a code.
    pub fn name(&self, code: &str) -> Result<&str> {
        Ok(&self.nodes[self.node(code)?].name)
    }

    /// The parent of a code (`None` for a top-level code).
    pub fn parent(&self, code: &str) -> Result<Option<&str>> {
        Ok(self.nodes[self.node(code)?].parent.map(|p| self.nodes[p].code.as_str()))
    }

    /// Every code with its depth (0 for top level), parents before children, siblings in
    /// declaration order: the order of a budget view.
    #[must_use]
    pub fn tree_order(&self) -> Vec<(&str, usize)> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<(usize, usize)> =
            self.nodes.iter().enumerate().rev().filter(|(_, n)| n.parent.is_none()).map(|(i, _)| (i, 0)).collect();
        while let Some((i, depth)) = stack.pop() {
            out.push((self.nodes[i].code.as_str(), depth));
            stack.extend(self.nodes[i].children.iter().rev().map(|c| (*c, depth + 1)));
        }
        out
    }

    /// The leaf codes of a code's subtree (of the whole tree with `None`), in tree order.
    pub fn leaves_under(&self, code: Option<&str>) -> Result<Vec<&str>> {
        let mut stack: Vec<usize> = match code {
            Some(code) => vec![self.node(code)?],
            None => self.nodes.iter().enumerate().rev().filter(|(_, n)| n.parent.is_none()).map(|(i, _)| i).collect(),
        };
        let mut out = Vec::new();
        while let Some(i) = stack.pop() {
            if self.nodes[i].children.is_empty() {
                out.push(self.nodes[i].code.as_str());
            }
            stack.extend(self.nodes[i].children.iter().rev());
        }
        Ok(out)
    }

    /// The codes from this one up to its top-level ancestor.
    pub fn path(&self, code: &str) -> Result<Vec<&str>> {
        let mut out = Vec::new();
        let mut at = Some(self.node(code)?);
        while let Some(n) = at {
            out.push(self.nodes[n].code.as_str());
            at = self.nodes[n].parent;
        }
        Ok(out)
    }

    /// The cost types, in order.
    #[must_use]
    pub fn cost_types(&self) -> &[String] {
        &self.cost_types
    }

    /// Number of cost codes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when no cost code is declared.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// True for a code with no children (where budget lines and costs sit).
    #[must_use]
    pub fn is_leaf(&self, code: &str) -> bool {
        self.index.get(code).is_some_and(|i| self.nodes[*i].children.is_empty())
    }

    /// The codes, in declaration order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.nodes.iter().map(|n| n.code.as_str())
    }

    /// The direct children of a code.
    pub fn children(&self, code: &str) -> Result<Vec<&str>> {
        Ok(self.nodes[self.node(code)?].children.iter().map(|c| self.nodes[*c].code.as_str()).collect())
    }

    /// A code's position in declaration order.
    pub fn position(&self, code: &str) -> Result<usize> {
        self.node(code)
    }

    /// A cost type's position in the list.
    pub fn cost_type_position(&self, name: &str) -> Result<usize> {
        self.cost_type(name)
    }

    pub(super) fn node(&self, code: &str) -> Result<usize> {
        self.index.get(code).copied().ok_or_else(|| Error::not_found("cost code", code, None))
    }

    pub(super) fn cost_type(&self, name: &str) -> Result<usize> {
        self.cost_types.iter().position(|t| t == name).ok_or_else(|| {
            Error::invalid_field("cost type", format!("{name:?} is not one of {}", self.cost_types.join(", ")))
        })
    }
}

/// The plain form of a breakdown (the JSON of `from_json`, and of the journal).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BreakdownRepr {
    codes: Vec<CostCodeDef>,
    #[serde(default = "standard_cost_types")]
    cost_types: Vec<String>,
}

impl TryFrom<BreakdownRepr> for CostBreakdown {
    type Error = Error;
    fn try_from(repr: BreakdownRepr) -> Result<CostBreakdown> {
        CostBreakdown::new(repr.codes, repr.cost_types)
    }
}

impl From<CostBreakdown> for BreakdownRepr {
    fn from(tree: CostBreakdown) -> BreakdownRepr {
        let codes = tree
            .nodes
            .iter()
            .map(|n| {
                let parent = n.parent.map(|p| tree.nodes[p].code.clone());
                let dotted: Option<CostCode> = n.code.rsplit_once('.').map(|(head, _)| head.into());
                CostCodeDef { code: n.code.clone(), name: n.name.clone(), parent: if parent == dotted { None } else { parent } }
            })
            .collect();
        BreakdownRepr { codes, cost_types: tree.cost_types }
    }
}
