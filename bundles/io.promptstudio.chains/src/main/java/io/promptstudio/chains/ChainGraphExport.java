package io.promptstudio.chains;

import io.promptstudio.dsl.chain.ChainGraph;
import io.promptstudio.dsl.chain.ChainTypes;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Invocation;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PathExpression;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.StageArgument;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A chain's data flow as a drawing: Graphviz DOT, Mermaid, or a self-contained SVG laid out in layers (a stage one
 * layer below the deepest stage it reads). Nodes are the inputs, the stages (name, kind, output type) and the result;
 * edges are labelled with the type that flows along them.
 */
public final class ChainGraphExport {

    private static final int MARGIN = 20;

    private ChainGraphExport() {
    }

    /** One node: its id, first line (name), second line (kind and type), third (what it calls; may be empty), and its layer. */
    record Node(String id, String title, String subtitle, String calls, int layer) {
    }

    /** One edge: from, to, and the type it carries. */
    /** One edge: from, to, the type it carries, and whether that type fits where it goes (false: a type error on it). */
    record Edge(String from, String to, String label, boolean fits) {
    }

    record Drawing(List<Node> nodes, List<Edge> edges) {
    }

    static Drawing drawing(Chain chain) {
        ChainGraph graph = ChainGraph.of(chain);
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (Parameter parameter : chain.getParameters()) {
            nodes.add(new Node("in_" + parameter.getName(), parameter.getName(), "input · " + Types.describe(parameter.getType()), "", 0));
        }
        Map<Stage, Integer> layers = new HashMap<>();
        List<Stage> ordered = new ArrayList<>(graph.order());
        chain.getStages().stream().filter(stage -> !ordered.contains(stage)).forEach(ordered::add);
        for (Stage stage : ordered) {
            int layer = 1 + graph.reads(stage).stream().mapToInt(read -> layers.getOrDefault(read, 0)).max().orElse(0);
            layers.put(stage, layer);
            String target = ChainGraph.invocations(stage.getStep()).stream().map(Invocation::getTarget)
                    .filter(element -> element != null && !element.eIsProxy()).map(element -> element.getName()).distinct()
                    .collect(Collectors.joining(", "));
            nodes.add(new Node("s_" + stage.getName(), stage.getName(), ChainGraph.kind(stage) + " → " + Types.describe(ChainTypes.stageOutput(stage)),
                    target, layer));
            Map<String, String> reads = new LinkedHashMap<>();
            for (String name : ChainGraph.namesRead(stage)) {
                if (graph.stage(name) != null && graph.stage(name) != stage) {
                    reads.put("s_" + name, Types.describe(ChainTypes.stageOutput(graph.stage(name))));
                } else {
                    chain.getParameters().stream().filter(parameter -> parameter.getName().equals(name)).findFirst()
                            .ifPresent(parameter -> reads.put("in_" + name, Types.describe(parameter.getType())));
                }
            }
            Set<String> misfits = misfits(stage);
            reads.forEach((from, type) -> edges.add(new Edge(from, "s_" + stage.getName(), type, !misfits.contains(from.substring(from.indexOf('_')
                    + 1)))));
        }
        int last = layers.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        TypeRef output = chain.getOutput();
        nodes.add(new Node("result", "return", Types.describe(output), "", last));
        for (Stage stage : graph.resultReads()) {
            edges.add(new Edge("s_" + stage.getName(), "result", Types.describe(ChainTypes.stageOutput(stage)), ChainTypes.fits(
                    ChainTypes.typeOf(chain.getResult(), ChainTypes.chainScope(chain)), chain.getOutput())));
        }
        return new Drawing(nodes, edges);
    }

    /** The names read by a stage's arguments whose value does not fit the input it is given to. */
    private static Set<String> misfits(Stage stage) {
        Set<String> names = new HashSet<>();
        for (Invocation call : ChainGraph.invocations(stage.getStep())) {
            if (call.getTarget() == null || call.getTarget().eIsProxy()) {
                continue;
            }
            for (StageArgument argument : call.getArguments()) {
                Parameter parameter = ChainTypes.parameters(call.getTarget()).stream().filter(each -> each.getName().equals(argument.getName()))
                        .findFirst().orElse(null);
                if (parameter != null && !ChainTypes.fits(ChainTypes.typeOf(argument.getValue(), ChainTypes.scope(stage, argument.getValue())),
                        parameter.getType())) {
                    org.eclipse.xtext.EcoreUtil2.eAllOfType(argument, PathExpression.class).forEach(path -> names.add(path.getHead()));
                }
            }
        }
        return names;
    }

    /** Graphviz DOT, top to bottom. */
    public static String dot(Chain chain) {
        Drawing drawing = drawing(chain);
        StringBuilder dot = new StringBuilder("digraph \"" + quoted(chain.getName()) + "\" {\n  rankdir=TB;\n"
                + "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        for (Node node : drawing.nodes()) {
            dot.append("  ").append(node.id()).append(" [label=\"").append(quoted(node.title())).append("\\n").append(quoted(node.subtitle()))
                    .append(node.calls().isEmpty() ? "" : "\\n" + quoted(node.calls())).append("\"")
                    .append(node.id().startsWith("in_") || node.id().equals("result") ? ", shape=ellipse" : "").append("];\n");
        }
        for (Edge edge : drawing.edges()) {
            dot.append("  ").append(edge.from()).append(" -> ").append(edge.to()).append(" [label=\"").append(quoted(edge.label()))
                    .append(edge.fits() ? "\"];\n" : " (does not fit)\", color=red, fontcolor=red];\n");
        }
        return dot.append("}\n").toString();
    }

    /** A Mermaid flowchart, top to bottom. */
    public static String mermaid(Chain chain) {
        Drawing drawing = drawing(chain);
        StringBuilder text = new StringBuilder("flowchart TB\n");
        for (Node node : drawing.nodes()) {
            String label = mermaidText(node.title()) + "<br/>" + mermaidText(node.subtitle()) + (node.calls().isEmpty() ? ""
                    : "<br/>" + mermaidText(node.calls()));
            boolean round = node.id().startsWith("in_") || node.id().equals("result");
            text.append("  ").append(node.id()).append(round ? "([\"" : "[\"").append(label).append(round ? "\"])\n" : "\"]\n");
        }
        for (Edge edge : drawing.edges()) {
            text.append("  ").append(edge.from()).append(" -->|\"").append(mermaidText(edge.fits() ? edge.label() : edge.label() + " (does not fit)"))
                    .append("\"| ").append(edge.to()).append('\n');
        }
        return text.toString();
    }

    /** Where a node is drawn: its box, its lines of text, and whether it is an input or the result (rounded). */
    public record Box(String id, String title, String subtitle, String calls, int x, int y, int width, int height, boolean terminal) {
        /** The stage's name, or null for an input or the result. */
        public String stage() {
            return id.startsWith("s_") ? id.substring(2) : null;
        }

        public boolean contains(int px, int py) {
            return px >= x && px <= x + width && py >= y && py <= y + height;
        }
    }

    /**
     * How an edge is drawn: a straight line from {@code (x1, y1)} to {@code (x2, y2)}, or when it skips a layer a curve
     * bending out to {@code bend} on the right; its label at {@code (labelX, labelY)}.
     */
    public record Route(String from, String to, String label, int x1, int y1, int x2, int y2, boolean curved, int bend, int labelX, int labelY,
            boolean fits) {
    }

    /** The whole drawing: its size, boxes and routes. */
    public record Layout(int width, int height, List<Box> boxes, List<Route> routes) {
    }

    private static final int BOX_WIDTH = 240;
    private static final int BOX_HEIGHT = 62;
    private static final int GAP_X = 40;
    private static final int GAP_Y = 70;

    /**
     * Lays the chain out in layers from top to bottom (a stage one layer below the deepest stage it reads), nodes spread
     * across each layer, edges straight between neighbouring layers and curving round the right when they skip one.
     */
    public static Layout layout(Chain chain) {
        Drawing drawing = drawing(chain);
        Map<Integer, List<Node>> byLayer = new java.util.TreeMap<>();
        drawing.nodes().forEach(node -> byLayer.computeIfAbsent(node.layer(), layer -> new ArrayList<>()).add(node));
        int widest = byLayer.values().stream().mapToInt(List::size).max().orElse(1);
        Map<String, Integer> layerOf = new HashMap<>();
        drawing.nodes().forEach(node -> layerOf.put(node.id(), node.layer()));
        // room on the right for edges that skip a layer, drawn as curves beside the nodes they pass
        int curves = drawing.edges().stream().anyMatch(edge -> layerOf.getOrDefault(edge.to(), 0) - layerOf.getOrDefault(edge.from(), 0) > 1)
                ? 80 : 0;
        int width = widest * (BOX_WIDTH + GAP_X) + GAP_X + curves;
        int height = byLayer.size() * (BOX_HEIGHT + GAP_Y) - GAP_Y + 2 * MARGIN;
        Map<String, Box> boxes = new LinkedHashMap<>();
        int row = 0;
        for (List<Node> layer : byLayer.values()) {
            int offset = (width - curves - layer.size() * (BOX_WIDTH + GAP_X) + GAP_X) / 2;
            for (int i = 0; i < layer.size(); i++) {
                Node node = layer.get(i);
                boxes.put(node.id(), new Box(node.id(), node.title(), node.subtitle(), node.calls(), offset + i * (BOX_WIDTH + GAP_X),
                        MARGIN + row * (BOX_HEIGHT + GAP_Y), BOX_WIDTH, BOX_HEIGHT, node.id().startsWith("in_") || node.id().equals("result")));
            }
            row++;
        }
        List<Route> routes = new ArrayList<>();
        for (Edge edge : drawing.edges()) {
            Box from = boxes.get(edge.from());
            Box to = boxes.get(edge.to());
            if (from == null || to == null) {
                continue;
            }
            if (to.y() - from.y() > BOX_HEIGHT + GAP_Y) {
                int x1 = from.x() + BOX_WIDTH;
                int y1 = from.y() + BOX_HEIGHT / 2;
                int x2 = to.x() + BOX_WIDTH;
                int y2 = to.y() + BOX_HEIGHT / 2;
                int bend = Math.max(x1, x2) + 60;
                routes.add(new Route(edge.from(), edge.to(), edge.label(), x1, y1, x2, y2, true, bend, bend - 10, (y1 + y2) / 2, edge.fits()));
            } else {
                int x1 = from.x() + BOX_WIDTH / 2;
                int y1 = from.y() + BOX_HEIGHT;
                int x2 = to.x() + BOX_WIDTH / 2;
                int y2 = to.y();
                routes.add(new Route(edge.from(), edge.to(), edge.label(), x1, y1, x2, y2, false, 0, (x1 + x2) / 2 + 4, (y1 + y2) / 2,
                        edge.fits()));
            }
        }
        return new Layout(width, height, List.copyOf(boxes.values()), routes);
    }

    /** A standalone SVG of {@link #layout}. */
    public static String svg(Chain chain) {
        Layout layout = layout(chain);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + layout.width() + "\" height=\""
                + layout.height() + "\" viewBox=\"0 0 " + layout.width() + " " + layout.height() + "\" font-family=\"Helvetica, Arial, sans-serif\">\n"
                + "  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\""
                + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker>"
                + "<marker id=\"misfit\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\""
                + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#c62828\"/></marker></defs>\n"
                + "  <title>" + xml(chain.getName()) + "</title>\n");
        for (Route route : layout.routes()) {
            String color = route.fits() ? "#555" : "#c62828";
            String label = route.fits() ? route.label() : route.label() + " (does not fit)";
            if (route.curved()) {
                svg.append("  <path d=\"M ").append(route.x1()).append(' ').append(route.y1()).append(" C ").append(route.bend()).append(' ')
                        .append(route.y1()).append(", ").append(route.bend()).append(' ').append(route.y2()).append(", ").append(route.x2()).append(' ')
                        .append(route.y2()).append("\" fill=\"none\" stroke=\"").append(color).append("\" marker-end=\"url(#").append(route.fits() ? "arrow" : "misfit").append(")\"/>\n");
                svg.append("  <text x=\"").append(route.labelX()).append("\" y=\"").append(route.labelY())
                        .append("\" font-size=\"10\" fill=\"").append(color).append("\" text-anchor=\"end\">").append(xml(label)).append("</text>\n");
            } else {
                svg.append("  <line x1=\"").append(route.x1()).append("\" y1=\"").append(route.y1()).append("\" x2=\"").append(route.x2())
                        .append("\" y2=\"").append(route.y2()).append("\" stroke=\"").append(color).append("\" marker-end=\"url(#").append(route.fits() ? "arrow" : "misfit").append(")\"/>\n");
                svg.append("  <text x=\"").append(route.labelX()).append("\" y=\"").append(route.labelY())
                        .append("\" font-size=\"10\" fill=\"").append(color).append("\">").append(xml(label)).append("</text>\n");
            }
        }
        for (Box box : layout.boxes()) {
            svg.append("  <g id=\"").append(xml(box.id())).append("\"><rect x=\"").append(box.x()).append("\" y=\"").append(box.y())
                    .append("\" width=\"").append(box.width()).append("\" height=\"").append(box.height()).append("\" rx=\"")
                    .append(box.terminal() ? 24 : 6).append("\" fill=\"").append(box.terminal() ? "#eef3fb" : "#ffffff")
                    .append("\" stroke=\"#3b6ab5\"/>").append("<text x=\"").append(box.x() + box.width() / 2).append("\" y=\"").append(box.y() + 20)
                    .append("\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">").append(xml(box.title())).append("</text>")
                    .append("<text x=\"").append(box.x() + box.width() / 2).append("\" y=\"").append(box.y() + 37)
                    .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"#333\">").append(xml(shortened(box.subtitle(), 40)))
                    .append("</text>");
            if (!box.calls().isEmpty()) {
                svg.append("<text x=\"").append(box.x() + box.width() / 2).append("\" y=\"").append(box.y() + 52)
                        .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"#666\">").append(xml(shortened(box.calls(), 40)))
                        .append("</text>");
            }
            svg.append("</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /** Text cut to a length with an ellipsis: what fits a box. */
    public static String shortened(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String mermaidText(String text) {
        return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
