package io.promptstudio.chains;

import io.promptstudio.dsl.chain.ChainGraph;
import io.promptstudio.dsl.chain.ChainTypes;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Invocation;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.Stage;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    record Edge(String from, String to, String label) {
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
            nodes.add(new Node("s_" + stage.getName(), stage.getName(), ChainRunner.kind(stage) + " → " + Types.describe(ChainTypes.stageOutput(stage)),
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
            reads.forEach((from, type) -> edges.add(new Edge(from, "s_" + stage.getName(), type)));
        }
        int last = layers.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        TypeRef output = chain.getOutput();
        nodes.add(new Node("result", "return", Types.describe(output), "", last));
        for (Stage stage : graph.resultReads()) {
            edges.add(new Edge("s_" + stage.getName(), "result", Types.describe(ChainTypes.stageOutput(stage))));
        }
        return new Drawing(nodes, edges);
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
            dot.append("  ").append(edge.from()).append(" -> ").append(edge.to()).append(" [label=\"").append(quoted(edge.label())).append("\"];\n");
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
            text.append("  ").append(edge.from()).append(" -->|\"").append(mermaidText(edge.label())).append("\"| ").append(edge.to()).append('\n');
        }
        return text.toString();
    }

    /**
     * A standalone SVG: layers from top to bottom, nodes spread across each layer, edges as lines with their type; an
     * edge that skips a layer curves round the right of the nodes between.
     */
    public static String svg(Chain chain) {
        Drawing drawing = drawing(chain);
        int width = 240;
        int height = 62;
        int gapX = 40;
        int gapY = 70;
        Map<Integer, List<Node>> byLayer = new java.util.TreeMap<>();
        drawing.nodes().forEach(node -> byLayer.computeIfAbsent(node.layer(), layer -> new ArrayList<>()).add(node));
        int widest = byLayer.values().stream().mapToInt(List::size).max().orElse(1);
        Map<String, Integer> layerOf = new HashMap<>();
        drawing.nodes().forEach(node -> layerOf.put(node.id(), node.layer()));
        // room on the right for edges that skip a layer, drawn as curves beside the nodes they pass
        int curves = drawing.edges().stream().anyMatch(edge -> layerOf.getOrDefault(edge.to(), 0) - layerOf.getOrDefault(edge.from(), 0) > 1)
                ? 80 : 0;
        int canvasWidth = widest * (width + gapX) + gapX + curves;
        int canvasHeight = byLayer.size() * (height + gapY) - gapY + 2 * MARGIN;
        Map<String, int[]> places = new HashMap<>();
        int row = 0;
        for (List<Node> layer : byLayer.values()) {
            int offset = (canvasWidth - curves - layer.size() * (width + gapX) + gapX) / 2;
            for (int i = 0; i < layer.size(); i++) {
                places.put(layer.get(i).id(), new int[] {offset + i * (width + gapX), MARGIN + row * (height + gapY)});
            }
            row++;
        }
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + canvasWidth + "\" height=\"" + canvasHeight
                + "\" viewBox=\"0 0 " + canvasWidth + " " + canvasHeight + "\" font-family=\"Helvetica, Arial, sans-serif\">\n"
                + "  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\""
                + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n"
                + "  <title>" + xml(chain.getName()) + "</title>\n");
        for (Edge edge : drawing.edges()) {
            int[] from = places.get(edge.from());
            int[] to = places.get(edge.to());
            if (from == null || to == null) {
                continue;
            }
            boolean skips = to[1] - from[1] > height + gapY;
            if (skips) {
                int x1 = from[0] + width;
                int y1 = from[1] + height / 2;
                int x2 = to[0] + width;
                int y2 = to[1] + height / 2;
                int bend = Math.max(x1, x2) + 60;
                svg.append("  <path d=\"M ").append(x1).append(' ').append(y1).append(" C ").append(bend).append(' ').append(y1).append(", ")
                        .append(bend).append(' ').append(y2).append(", ").append(x2).append(' ').append(y2)
                        .append("\" fill=\"none\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>\n");
                svg.append("  <text x=\"").append(bend - 10).append("\" y=\"").append((y1 + y2) / 2)
                        .append("\" font-size=\"10\" fill=\"#555\" text-anchor=\"end\">").append(xml(edge.label())).append("</text>\n");
                continue;
            }
            int x1 = from[0] + width / 2;
            int y1 = from[1] + height;
            int x2 = to[0] + width / 2;
            int y2 = to[1];
            svg.append("  <line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2).append("\" y2=\"").append(y2)
                    .append("\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>\n");
            svg.append("  <text x=\"").append((x1 + x2) / 2 + 4).append("\" y=\"").append((y1 + y2) / 2).append("\" font-size=\"10\" fill=\"#555\">")
                    .append(xml(edge.label())).append("</text>\n");
        }
        for (Node node : drawing.nodes()) {
            int[] place = places.get(node.id());
            boolean round = node.id().startsWith("in_") || node.id().equals("result");
            svg.append("  <g id=\"").append(xml(node.id())).append("\"><rect x=\"").append(place[0]).append("\" y=\"").append(place[1])
                    .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\" rx=\"").append(round ? 24 : 6)
                    .append("\" fill=\"").append(round ? "#eef3fb" : "#ffffff").append("\" stroke=\"#3b6ab5\"/>")
                    .append("<text x=\"").append(place[0] + width / 2).append("\" y=\"").append(place[1] + 20)
                    .append("\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">").append(xml(node.title())).append("</text>")
                    .append("<text x=\"").append(place[0] + width / 2).append("\" y=\"").append(place[1] + 37)
                    .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"#333\">").append(xml(shortened(node.subtitle(), 40)))
                    .append("</text>");
            if (!node.calls().isEmpty()) {
                svg.append("<text x=\"").append(place[0] + width / 2).append("\" y=\"").append(place[1] + 52)
                        .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"#666\">").append(xml(shortened(node.calls(), 40)))
                        .append("</text>");
            }
            svg.append("</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static String shortened(String text, int length) {
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
