//! Dependency order between resources: a resource that references another (a `ref` field)
//! needs the other's table first. Validation rejects cycles; [`creation_order`] gives the order
//! migrations create tables in.

use super::{FieldType, Resource, Spec};

/// Indices of `spec.resources` in an order where every referenced resource comes before the
/// resources referencing it. Stable: among the resources that are ready, spec order is kept.
/// (A validated spec has no cycles; were there one, its resources would follow in spec order.)
pub(crate) fn creation_order(spec: &Spec) -> Vec<usize> {
    let dependencies: Vec<Vec<usize>> = dependencies(&spec.resources);
    let mut placed: Vec<bool> = vec![false; dependencies.len()];
    let mut order: Vec<usize> = Vec::with_capacity(dependencies.len());
    while order.len() < dependencies.len() {
        let ready: Option<usize> = (0..dependencies.len())
            .find(|&index| !placed[index] && dependencies[index].iter().all(|&dep| placed[dep]))
            .or_else(|| (0..dependencies.len()).find(|&index| !placed[index]));
        if let Some(index) = ready {
            placed[index] = true;
            order.push(index);
        }
    }
    order
}

/// For each resource, the other resources it references (indices, first reference first, no
/// duplicates). Self-references are left out: they never constrain the order.
pub(super) fn dependencies(resources: &[Resource]) -> Vec<Vec<usize>> {
    resources
        .iter()
        .enumerate()
        .map(|(index, resource)| {
            let mut targets: Vec<usize> = Vec::new();
            for field in &resource.fields {
                if let FieldType::Ref { to, .. } = &field.ty
                    && let Some(target) = resources.iter().position(|other| &other.name == to)
                    && target != index
                    && !targets.contains(&target)
                {
                    targets.push(target);
                }
            }
            targets
        })
        .collect()
}

/// A cycle in `dependencies`, as the resource indices along it (`[a, b]` for `a -> b -> a`),
/// starting at its earliest resource. Searches from resources in spec order, so the answer is
/// deterministic.
pub(super) fn find_cycle(dependencies: &[Vec<usize>]) -> Option<Vec<usize>> {
    let mut state: Vec<Visit> = vec![Visit::New; dependencies.len()];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..dependencies.len() {
        if let Some(mut cycle) = visit(start, dependencies, &mut state, &mut path) {
            let earliest: usize = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
            cycle.rotate_left(earliest);
            return Some(cycle);
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    OnPath,
    Done,
}

fn visit(
    node: usize,
    dependencies: &[Vec<usize>],
    state: &mut [Visit],
    path: &mut Vec<usize>,
) -> Option<Vec<usize>> {
    match state[node] {
        Visit::Done => return None,
        Visit::OnPath => {
            let from: usize = path.iter().position(|&n| n == node).unwrap_or(0);
            return Some(path[from..].to_vec());
        }
        Visit::New => {}
    }
    state[node] = Visit::OnPath;
    path.push(node);
    for &next in &dependencies[node] {
        if let Some(cycle) = visit(next, dependencies, state, path) {
            return Some(cycle);
        }
    }
    path.pop();
    state[node] = Visit::Done;
    None
}

#[cfg(test)]
mod tests {
    use super::find_cycle;

    #[test]
    fn finds_cycles_starting_at_the_earliest_resource() {
        assert_eq!(find_cycle(&[vec![1], vec![2], vec![]]), None);
        assert_eq!(find_cycle(&[vec![], vec![2], vec![1]]), Some(vec![1, 2]));
        assert_eq!(
            find_cycle(&[vec![1], vec![2], vec![0]]),
            Some(vec![0, 1, 2])
        );
        assert_eq!(
            find_cycle(&[vec![], vec![3], vec![1], vec![2]]),
            Some(vec![1, 3, 2])
        );
    }
}
