package io.promptstudio.ui.internal;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.ICoolBarManager;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.action.ToolBarContributionItem;
import org.eclipse.jface.action.ToolBarManager;
import org.eclipse.swt.SWT;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.menus.CommandContributionItem;
import org.eclipse.ui.menus.CommandContributionItemParameter;

/** Menus and tool bar of the main window, built from the workbench's standard actions. */
public class PromptStudioActionBarAdvisor extends ActionBarAdvisor {

    public PromptStudioActionBarAdvisor(IActionBarConfigurer configurer) {
        super(configurer);
    }

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        for (ActionFactory factory : new ActionFactory[] { ActionFactory.NEW_WIZARD_DROP_DOWN, ActionFactory.SAVE,
                ActionFactory.SAVE_ALL, ActionFactory.CLOSE, ActionFactory.CLOSE_ALL, ActionFactory.QUIT,
                ActionFactory.UNDO, ActionFactory.REDO, ActionFactory.CUT, ActionFactory.COPY, ActionFactory.PASTE,
                ActionFactory.SELECT_ALL, ActionFactory.FIND, ActionFactory.PREFERENCES,
                ActionFactory.RESET_PERSPECTIVE }) {
            register(factory.create(window));
        }
    }

    @Override
    protected void fillMenuBar(IMenuManager menuBar) {
        IWorkbenchWindow window = getActionBarConfigurer().getWindowConfigurer().getWindow();

        // The group markers are the workbench's standard ones: editors and plug-ins contribute into them.
        MenuManager file = new MenuManager(Messages.Menu_file, IWorkbenchActionConstants.M_FILE);
        file.add(new GroupMarker(IWorkbenchActionConstants.FILE_START));
        MenuManager newMenu = new MenuManager(Messages.Menu_new, ActionFactory.NEW.getId());
        newMenu.add(ContributionItemFactory.NEW_WIZARD_SHORTLIST.create(window));
        file.add(newMenu);
        file.add(new GroupMarker(IWorkbenchActionConstants.NEW_EXT));
        file.add(new Separator());
        file.add(action(ActionFactory.CLOSE));
        file.add(action(ActionFactory.CLOSE_ALL));
        file.add(new GroupMarker(IWorkbenchActionConstants.CLOSE_EXT));
        file.add(new Separator());
        file.add(action(ActionFactory.SAVE));
        file.add(action(ActionFactory.SAVE_ALL));
        file.add(new GroupMarker(IWorkbenchActionConstants.SAVE_EXT));
        file.add(new Separator(IWorkbenchActionConstants.PRINT_EXT));
        file.add(new Separator(IWorkbenchActionConstants.IMPORT_EXT));
        file.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        file.add(new Separator());
        file.add(action(ActionFactory.QUIT));
        file.add(new GroupMarker(IWorkbenchActionConstants.FILE_END));

        MenuManager edit = new MenuManager(Messages.Menu_edit, IWorkbenchActionConstants.M_EDIT);
        edit.add(new GroupMarker(IWorkbenchActionConstants.EDIT_START));
        edit.add(action(ActionFactory.UNDO));
        edit.add(action(ActionFactory.REDO));
        edit.add(new GroupMarker(IWorkbenchActionConstants.UNDO_EXT));
        edit.add(new Separator());
        edit.add(action(ActionFactory.CUT));
        edit.add(action(ActionFactory.COPY));
        edit.add(action(ActionFactory.PASTE));
        edit.add(new GroupMarker(IWorkbenchActionConstants.CUT_EXT));
        edit.add(new Separator());
        edit.add(action(ActionFactory.SELECT_ALL));
        edit.add(new Separator());
        edit.add(action(ActionFactory.FIND));
        edit.add(new GroupMarker(IWorkbenchActionConstants.FIND_EXT));
        edit.add(new Separator(IWorkbenchActionConstants.ADD_EXT));
        edit.add(new GroupMarker(IWorkbenchActionConstants.EDIT_END));
        edit.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));

        MenuManager navigate = new MenuManager(Messages.Menu_navigate, IWorkbenchActionConstants.M_NAVIGATE);
        navigate.add(new GroupMarker(IWorkbenchActionConstants.NAV_START));
        navigate.add(new Separator(IWorkbenchActionConstants.OPEN_EXT));
        navigate.add(new Separator(IWorkbenchActionConstants.SHOW_EXT));
        navigate.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        navigate.add(new GroupMarker(IWorkbenchActionConstants.NAV_END));

        MenuManager windowMenu = new MenuManager(Messages.Menu_window, IWorkbenchActionConstants.M_WINDOW);
        MenuManager showView = new MenuManager(Messages.Menu_showView);
        showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(window));
        windowMenu.add(showView);
        windowMenu.add(action(ActionFactory.RESET_PERSPECTIVE));
        windowMenu.add(new Separator());
        windowMenu.add(action(ActionFactory.PREFERENCES));

        MenuManager help = new MenuManager(Messages.Menu_help, IWorkbenchActionConstants.M_HELP);
        help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        CommandContributionItemParameter about = new CommandContributionItemParameter(window, null,
                AboutHandler.COMMAND_ID, CommandContributionItem.STYLE_PUSH);
        help.add(new CommandContributionItem(new CommandContributionItemParameter(window, null, WelcomeView.SHOW_COMMAND,
                CommandContributionItem.STYLE_PUSH)));
        help.add(new CommandContributionItem(about));

        menuBar.add(file);
        menuBar.add(edit);
        menuBar.add(navigate);
        menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        menuBar.add(windowMenu);
        menuBar.add(help);
    }

    @Override
    protected void fillCoolBar(ICoolBarManager coolBar) {
        IToolBarManager toolBar = new ToolBarManager(SWT.FLAT | SWT.RIGHT);
        toolBar.add(action(ActionFactory.NEW_WIZARD_DROP_DOWN));
        toolBar.add(action(ActionFactory.SAVE));
        toolBar.add(action(ActionFactory.SAVE_ALL));
        coolBar.add(new ToolBarContributionItem(toolBar, IWorkbenchActionConstants.TOOLBAR_FILE));
    }


    private org.eclipse.jface.action.IAction action(ActionFactory factory) {
        return getAction(factory.getId());
    }
}
