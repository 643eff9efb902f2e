//! A plain linear program in `f64`: bounded columns, ranged rows, one linear objective.
//!
//! The lexicographic stages extend a model's program with hold rows and helper columns and
//! hand it to a backend. The representation is the backend-neutral contract: a backend sees
//! only this.

/// Maximise or minimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Maximise,
    Minimise,
}

/// A variable with bounds (`f64::INFINITY` for none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LpColumn {
    pub lower: f64,
    pub upper: f64,
}

/// `lower <= sum(coefficient * column) <= upper` (either side may be infinite).
#[derive(Debug, Clone, PartialEq)]
pub struct LpRow {
    pub terms: Vec<(usize, f64)>,
    pub lower: f64,
    pub upper: f64,
}

/// A linear program.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinearProgram {
    pub columns: Vec<LpColumn>,
    pub rows: Vec<LpRow>,
    /// (column, coefficient); columns not listed have coefficient 0.
    pub objective: Vec<(usize, f64)>,
    pub direction: Direction,
}

impl LinearProgram {
    /// Adds a column and returns its index.
    pub fn add_column(&mut self, lower: f64, upper: f64) -> usize {
        self.columns.push(LpColumn { lower, upper });
        self.columns.len() - 1
    }

    /// Sets the objective.
    pub fn set_objective(&mut self, direction: Direction, terms: Vec<(usize, f64)>) {
        self.direction = direction;
        self.objective = terms;
    }

    /// The objective's value at a point.
    pub fn objective_value(&self, values: &[f64]) -> f64 {
        self.objective
            .iter()
            .map(|(column, coefficient)| coefficient * values[*column])
            .sum()
    }

    /// The largest violation of any bound or row at a point (0 when feasible).
    pub fn max_violation(&self, values: &[f64]) -> f64 {
        let columns = self
            .columns
            .iter()
            .zip(values)
            .map(|(c, v)| (c.lower - v).max(v - c.upper).max(0.0));
        let rows = self.rows.iter().map(|row| {
            let lhs: f64 = row
                .terms
                .iter()
                .map(|(column, coefficient)| coefficient * values[*column])
                .sum();
            (row.lower - lhs).max(lhs - row.upper).max(0.0)
        });
        columns.chain(rows).fold(0.0, f64::max)
    }
}
